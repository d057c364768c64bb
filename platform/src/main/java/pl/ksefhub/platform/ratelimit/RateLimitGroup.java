package pl.ksefhub.platform.ratelimit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The spec's rate-limit groups: the {@code grupa} column of each operation's 429 description in open-api.json, with
 * the production values of its {@code x-rate-limits} (limity-api.md; NOTES.md section 6). A group names the
 * thresholds; every operation keeps counters of its own (limity-api.md, "Każdy taki endpoint posiada własny licznik
 * limitów").
 */
public enum RateLimitGroup {

    ONLINE_SESSION("onlineSession", 10, 30, 120),
    BATCH_SESSION("batchSession", 10, 20, 60),
    INVOICE_SEND("invoiceSend", 10, 30, 180),
    INVOICE_STATUS("invoiceStatus", 30, 120, 1200),
    SESSION_LIST("sessionList", 5, 10, 60),
    SESSION_INVOICE_LIST("sessionInvoiceList", 10, 20, 200),
    SESSION_MISC("sessionMisc", 10, 120, 1200),
    INVOICE_METADATA("invoiceMetadata", 8, 16, 20),
    INVOICE_EXPORT("invoiceExport", 8, 16, 20),
    INVOICE_EXPORT_STATUS("invoiceExportStatus", 10, 60, 600),
    INVOICE_DOWNLOAD("invoiceDownload", 8, 16, 64),
    OTHER("other", 10, 30, 120),
    /**
     * The public resources and the authentication flow ({@code /auth/challenge}, {@code /auth/ksef-token},
     * {@code /security/public-key-certificates}, ...): 60 requests a second per client IP, whatever the token. Not
     * one of {@code GET /rate-limits}' groups, so it cannot be changed per context.
     */
    PUBLIC("public", 60, 0, 0);

    private final String specName;
    private final RateLimitValues production;

    RateLimitGroup(String specName, int perSecond, int perMinute, int perHour) {
        this.specName = specName;
        this.production = new RateLimitValues(perSecond, perMinute, perHour);
    }

    /** The name in the spec's {@code EffectiveApiRateLimits} and in configuration, e.g. {@code invoiceSend}. */
    public String specName() {
        return specName;
    }

    /** KSeF's production values (POST /testdata/rate-limits/production sets these). */
    public RateLimitValues production() {
        return production;
    }

    /** Counted per (context, IP) and settable per context; false for the public group, counted per IP. */
    public boolean perContext() {
        return this != PUBLIC;
    }

    public static Optional<RateLimitGroup> bySpecName(String name) {
        return Arrays.stream(values()).filter(group -> group.specName.equals(name)).findFirst();
    }

    /**
     * A group named in configuration, where case and separators may be lost: an environment variable
     * {@code KSEF_RATE_LIMITS_GROUPS_INVOICESEND_PER_HOUR} names {@code invoicesend}.
     */
    public static Optional<RateLimitGroup> byConfigName(String name) {
        String wanted = normalised(name);
        return Arrays.stream(values()).filter(group -> normalised(group.specName).equals(wanted)).findFirst();
    }

    private static String normalised(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    }
}
