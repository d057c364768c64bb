package pl.ksefhub.invoice.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of invoice intake, processing and queries. */
@ConfigMapping(prefix = "ksef.invoice")
public interface InvoiceConfig {

    /** Intake of {@code POST /sessions/online/{ref}/invoices}. */
    Intake intake();

    /** The asynchronous worker that validates and numbers received invoices. */
    Processing processing();

    /** Batch sessions: part uploads and package processing. */
    Batch batch();

    /** Asynchronous invoice exports (POST /invoices/exports). */
    Exports exports();

    interface Exports {

        /** Where the encrypted parts of finished exports are kept until they expire (shared by all replicas). */
        String storageDirectory();

        /** Base of the absolute part download URLs: the edge as clients reach it. */
        String publicBaseUrl();

        /** Largest part before encryption (KSeF: 50 MB). */
        @WithDefault("50000000")
        long maxPartSize();

        /** Largest package, XML and _metadata.json together, before it is truncated (KSeF: 1 GB). */
        @WithDefault("1000000000")
        long maxPackageSize();

        /** Invoices per package before it is truncated (KSeF: 10,000). */
        @WithDefault("10000")
        int maxInvoices();

        /** Exports of one context in progress at once; one more is refused with 21182 (KSeF: 10). */
        @WithDefault("10")
        int maxConcurrent();

        /** How long a finished package (and its status) can be downloaded; then status 210. */
        @WithDefault("7d")
        Duration retention();

        /** How long a download URL handed out by the status works. */
        @WithDefault("1h")
        Duration urlValidity();

        /** How often the worker looks for new exports when not woken. */
        @WithDefault("1s")
        Duration pollInterval();

        /** An export claimed this long ago by a worker that did not finish it (died) is taken over. */
        @WithDefault("10m")
        Duration claimLease();
    }

    interface Batch {

        /** Where uploaded parts are kept until their package is processed (a shared volume for several replicas). */
        String storageDirectory();

        /**
         * Largest part body taken, in bytes; more is refused with 413 while it streams. Above the 100 MB a part may
         * have before encryption, so that a part of the wrong size is still taken and reported at the close
         * (21157), as in KSeF.
         */
        @WithDefault("200000000")
        long maxPartUploadSize();

        /** Threads processing closed packages (each takes one package at a time). */
        @WithDefault("1")
        int workers();

        /** How often the workers look for closed packages when not woken. */
        @WithDefault("2s")
        Duration pollInterval();

        /** A package claimed this long ago by a worker that did not finish it (died) is taken over. */
        @WithDefault("10m")
        Duration claimLease();

        /** Invoices of an archive stored per transaction while it is unpacked. */
        @WithDefault("500")
        int unpackChunk();
    }

    interface Intake {

        /**
         * Read-your-writes: how long a send waits for a session this service has not yet seen (its
         * {@code session.opened} may still be on its way) before answering 21173.
         */
        @WithDefault("5s")
        Duration sessionWait();

        /**
         * A session still unknown after {@link #sessionWait()} whose reference number was issued less than this long
         * ago (reference numbers carry their time) is taken to be on its way, not absent: the send is answered 503
         * with {@code Retry-After} instead of a definitive 21173, e.g. while this service's session consumer catches
         * up after a restart or a broker outage. Older unknown numbers get 21173 as before.
         */
        @WithDefault("2m")
        Duration recentSessionWindow();

        /**
         * Beyond {@link #recentSessionWindow()}, an unknown session whose reference number was issued less than this
         * long ago still gets 503 while this service's session consumers are behind the topic (after a restart or a
         * broker outage, catching up may take minutes); once they have caught up, 21173.
         */
        @WithDefault("30m")
        Duration laggingSessionWindow();

        /** How often a waiting send looks into the database again (another replica may have stored the session). */
        @WithDefault("50ms")
        Duration sessionWaitPoll();

        /** Largest invoice accepted, in bytes of plaintext XML (KSeF: 1 MB without attachments). */
        @WithDefault("1000000")
        long maxInvoiceSize();

        /**
         * Largest invoice with attachments, in bytes of plaintext XML (KSeF: 3 MB), for a session whose context may
         * send them. Both sizes are defaults: a session's own limits (from {@code session.opened}) come first.
         */
        @WithDefault("3000000")
        long maxInvoiceWithAttachmentSize();

        /** How many sessions' AES keys stay unwrapped in memory (each unwrap is an RSA private-key operation). */
        @WithDefault("10000")
        int keyCacheSize();
    }

    interface Processing {

        /** Off only in tests that look at invoices before processing. */
        @WithDefault("true")
        boolean enabled();

        /** Worker threads claiming batches of received invoices (each batch is one transaction). */
        @WithDefault("2")
        int workers();

        /** Invoices claimed per batch. */
        @WithDefault("50")
        int batchSize();

        /** Fallback polling when no receipt woke the worker (rows left by a crash, another replica's rows). */
        @WithDefault("1s")
        Duration pollInterval();

        /** Back-off after a failed batch (database down). */
        @WithDefault("1s")
        Duration retryBackoff();

        /** At most this many validator messages go into a rejected invoice's status details. */
        @WithDefault("10")
        int maxDetails();
    }

}
