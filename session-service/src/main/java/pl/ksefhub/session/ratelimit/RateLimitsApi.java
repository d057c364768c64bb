package pl.ksefhub.session.ratelimit;

import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimitValues;

import java.util.Map;

/** Bodies of {@code GET /rate-limits} and {@code POST /testdata/rate-limits}, as the spec names them. */
public final class RateLimitsApi {

    private RateLimitsApi() {
    }

    /** {@code EffectiveApiRateLimitValues}. */
    public record Values(int perSecond, int perMinute, int perHour) {
        static Values of(RateLimitValues values) {
            return new Values(values.perSecond(), values.perMinute(), values.perHour());
        }
    }

    /** {@code EffectiveApiRateLimits}: every group, in the spec's order. */
    public record EffectiveApiRateLimits(Values onlineSession, Values batchSession, Values invoiceSend,
                                         Values invoiceStatus, Values sessionList, Values sessionInvoiceList,
                                         Values sessionMisc, Values invoiceMetadata, Values invoiceExport,
                                         Values invoiceExportStatus, Values invoiceDownload, Values other) {

        static EffectiveApiRateLimits of(Map<RateLimitGroup, RateLimitValues> values) {
            return new EffectiveApiRateLimits(
                    Values.of(values.get(RateLimitGroup.ONLINE_SESSION)),
                    Values.of(values.get(RateLimitGroup.BATCH_SESSION)),
                    Values.of(values.get(RateLimitGroup.INVOICE_SEND)),
                    Values.of(values.get(RateLimitGroup.INVOICE_STATUS)),
                    Values.of(values.get(RateLimitGroup.SESSION_LIST)),
                    Values.of(values.get(RateLimitGroup.SESSION_INVOICE_LIST)),
                    Values.of(values.get(RateLimitGroup.SESSION_MISC)),
                    Values.of(values.get(RateLimitGroup.INVOICE_METADATA)),
                    Values.of(values.get(RateLimitGroup.INVOICE_EXPORT)),
                    Values.of(values.get(RateLimitGroup.INVOICE_EXPORT_STATUS)),
                    Values.of(values.get(RateLimitGroup.INVOICE_DOWNLOAD)),
                    Values.of(values.get(RateLimitGroup.OTHER)));
        }
    }

    /** {@code ApiRateLimitValuesOverride}: nullable, so that a missing value is told apart from a wrong one. */
    public record ValuesOverride(Integer perSecond, Integer perMinute, Integer perHour) {
    }

    /** {@code SetRateLimitsRequest}: {@code rateLimits} by group name ({@code ApiRateLimitsOverride}). */
    public record SetRateLimitsRequest(Map<String, ValuesOverride> rateLimits) {
    }
}
