package pl.ksefhub.session.submission;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Event sessions that carry upstream submissions. */
@ConfigMapping(prefix = "ksef.session.submissions")
public interface SubmissionConfig {

    /** An event session with no new submission for this long is closed (reason {@code idle}). */
    @WithDefault("1m")
    Duration idleClose();

    /** How often open event sessions are checked for idleness. */
    @WithDefault("5s")
    Duration idleSweepInterval();

    /** Submissions per event session; the one that reaches it closes the session (reason {@code full}). */
    @WithDefault("10000")
    int sessionLimit();
}
