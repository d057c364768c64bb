package pl.ksefhub.session.online;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Online (interactive) sessions. Their invoice and size limits are the context's ({@code ksef.session.limits}). */
@ConfigMapping(prefix = "ksef.session.online")
public interface OnlineSessionConfig {

    /** An online session closes itself this long after it was opened; activity does not extend it. */
    @WithDefault("12h")
    Duration validity();

    /**
     * How long a client's close of a session with no invoice waits for invoice-service to confirm there is none
     * (then the session is 440 before the close answers); past it the close answers with the session still at 170.
     */
    @WithDefault("5s")
    Duration emptyCloseWait();

    /** How often open sessions past their validity are looked for. */
    @WithDefault("15s")
    Duration expirySweepInterval();
}
