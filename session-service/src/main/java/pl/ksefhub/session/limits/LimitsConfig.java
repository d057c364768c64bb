package pl.ksefhub.session.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The default limits (limity/limity.md): per context for sessions, per authenticated subject for KSeF certificates.
 * A context or subject has other values only when set through {@code /testdata/limits/**}.
 */
@ConfigMapping(prefix = "ksef.session.limits")
public interface LimitsConfig {

    /** Online (interactive) sessions: 1 MB, 3 MB with attachments, 10,000 invoices. */
    SessionDefaults onlineSession();

    /** Batch sessions: the same values. */
    SessionDefaults batchSession();

    /** Certificate requests and active KSeF certificates of the authenticated subject. */
    SubjectDefaults subject();

    interface SessionDefaults {

        /** Largest invoice without attachments, in MB of 1,000,000 bytes (weryfikacja-faktury.md). */
        @WithDefault("1")
        int maxInvoiceSizeInMb();

        /** Largest invoice with attachments, in MB of 1,000,000 bytes. */
        @WithDefault("3")
        int maxInvoiceWithAttachmentSizeInMb();

        /** Invoices per session. */
        @WithDefault("10000")
        int maxInvoices();
    }

    /** By the identifier of the subject's certificate: NIP 300 / 100, PESEL and fingerprint 12 / 6. */
    interface SubjectDefaults {

        @WithDefault("300")
        int nipMaxEnrollments();

        @WithDefault("100")
        int nipMaxCertificates();

        @WithDefault("12")
        int peselMaxEnrollments();

        @WithDefault("6")
        int peselMaxCertificates();

        @WithDefault("12")
        int fingerprintMaxEnrollments();

        @WithDefault("6")
        int fingerprintMaxCertificates();
    }
}
