package pl.ksefhub.platform.ratelimit;

/**
 * The three sliding windows of KSeF's limits (limity-api.md, "przesuwające się okno czasowe"): not aligned to full
 * seconds, minutes or hours, all applied in parallel. Each is counted in buckets of a fraction of its length, which
 * bounds the memory a client costs; a request counts for at least the window's length and at most one bucket longer,
 * so no window ever lets more than its threshold through.
 */
public enum Window {

    SECOND(1_000, 10, "sekundę"),
    MINUTE(60_000, 60, "minutę"),
    HOUR(3_600_000, 60, "godzinę");

    private final long millis;
    private final int buckets;
    private final String polishUnit;

    Window(long millis, int buckets, String polishUnit) {
        this.millis = millis;
        this.buckets = buckets;
        this.polishUnit = polishUnit;
    }

    public long millis() {
        return millis;
    }

    int buckets() {
        return buckets;
    }

    long bucketMillis() {
        return millis / buckets;
    }

    /** As in the 429 text: "Przekroczono limit 20 żądań na <b>minutę</b>." */
    public String polishUnit() {
        return polishUnit;
    }
}
