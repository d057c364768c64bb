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

    /** How often open sessions past their validity are looked for. */
    @WithDefault("15s")
    Duration expirySweepInterval();
}
