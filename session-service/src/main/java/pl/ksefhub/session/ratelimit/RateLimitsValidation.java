package pl.ksefhub.session.ratelimit;

import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimitValues;
import pl.ksefhub.session.ratelimit.RateLimitsApi.SetRateLimitsRequest;
import pl.ksefhub.session.ratelimit.RateLimitsApi.ValuesOverride;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The bounds of {@code POST /testdata/rate-limits}: every group and every value present, each between 1 and ten
 * times its production value, but for {@code invoiceExportStatus}, which may be left out (then it keeps this
 * environment's default). The spec marks all twelve groups required; the KSeF test environment does not require that
 * one, which the official Java SDK never sends: its test of a body with only {@code onlineSession} expects exactly
 * eleven details, the ten other groups' and the wrong value (what the KSeF test environment accepts: {@code 'rateLimits.onlineSession.perHour'
 * must be between 1 and 1200. You entered 11111111.}, NOTES.md section 1). All breaches are the details of one 21405.
 */
final class RateLimitsValidation {

    /** The test environment once ran at ten times production (limity-api.md); no value may go beyond that. */
    static final int MAX_FACTOR = 10;

    private RateLimitsValidation() {
    }

    static Map<RateLimitGroup, RateLimitValues> values(SetRateLimitsRequest request) {
        if (request == null || request.rateLimits() == null) {
            throw KsefException.validation("'rateLimits' must not be empty.");
        }
        List<String> errors = new ArrayList<>();
        Map<RateLimitGroup, RateLimitValues> values = new EnumMap<>(RateLimitGroup.class);
        for (RateLimitGroup group : RateLimitGroup.values()) {
            if (!group.perContext()) {
                continue;
            }
            String field = "rateLimits." + group.specName();
            ValuesOverride given = request.rateLimits().get(group.specName());
            if (given == null) {
                if (group != RateLimitGroup.INVOICE_EXPORT_STATUS) {
                    errors.add("'" + field + "' must not be empty.");
                }
                continue;
            }
            RateLimitValues production = group.production();
            int perSecond = value(field + ".perSecond", given.perSecond(), production.perSecond(), errors);
            int perMinute = value(field + ".perMinute", given.perMinute(), production.perMinute(), errors);
            int perHour = value(field + ".perHour", given.perHour(), production.perHour(), errors);
            if (perSecond > 0 && perMinute > 0 && perHour > 0) {
                values.put(group, new RateLimitValues(perSecond, perMinute, perHour));
            }
        }
        if (!errors.isEmpty()) {
            throw KsefException.validation(errors.toArray(String[]::new));
        }
        return values;
    }

    /** @return the value, or 0 after recording why it cannot be taken */
    private static int value(String field, Integer given, int production, List<String> errors) {
        int max = production * MAX_FACTOR;
        if (given == null) {
            errors.add("'" + field + "' must not be empty.");
            return 0;
        }
        if (given < 1 || given > max) {
            errors.add("'%s' must be between 1 and %d. You entered %d.".formatted(field, max, given));
            return 0;
        }
        return given;
    }
}
