package pl.ksefhub.session.batch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Batch sessions (sesja-wsadowa.md, NOTES.md §2.4). */
@ConfigMapping(prefix = "ksef.session.batch")
public interface BatchSessionConfig {

    /** A batch session not closed this long after it was opened is cancelled (440). */
    @WithDefault("12h")
    Duration validity();

    /** The upload window of every part: this much per declared part, counted from the open. */
    @WithDefault("20m")
    Duration uploadWindowPerPart();

    /**
     * How long a close waits for the news of parts uploaded just before it (invoice-service's batch.part-uploaded
     * events, a Kafka round trip) before it asks invoice-service which parts it stored.
     */
    @WithDefault("5s")
    Duration partArrivalWait();

    /**
     * How long a close then waits for invoice-service's answer (batch.parts-checked: a Kafka round trip each way and
     * its consumer's turn) before it answers 503 with Retry-After: no answer means invoice-service or the broker is
     * away, and a part it may have stored is never called missing (21205) without its word.
     */
    @WithDefault("10s")
    Duration partsCheckWait();

    /** Where part upload URLs point: the one base URL clients use (the edge or the Ingress). */
    @WithDefault("http://localhost:8080")
    String publicBaseUrl();
}
