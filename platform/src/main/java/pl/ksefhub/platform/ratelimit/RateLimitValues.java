package pl.ksefhub.platform.ratelimit;

/**
 * The thresholds of one group ({@code EffectiveApiRateLimitValues}): requests allowed in the last second, minute and
 * hour, all applied at once. 0 means no threshold for that window (the public group counts per second only).
 */
public record RateLimitValues(int perSecond, int perMinute, int perHour) {

    public RateLimitValues {
        if (perSecond < 0 || perMinute < 0 || perHour < 0) {
            throw new IllegalArgumentException("Rate limits cannot be negative: " + perSecond + "/" + perMinute + "/"
                    + perHour);
        }
    }

    /** The threshold for one window, 0 for none. */
    public int in(Window window) {
        return switch (window) {
            case SECOND -> perSecond;
            case MINUTE -> perMinute;
            case HOUR -> perHour;
        };
    }

    public RateLimitValues times(int factor) {
        return new RateLimitValues(perSecond * factor, perMinute * factor, perHour * factor);
    }
}
