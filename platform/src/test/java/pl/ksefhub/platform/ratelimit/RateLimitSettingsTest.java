package pl.ksefhub.platform.ratelimit;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The environment's defaults from configuration, and a context's own values over them. */
class RateLimitSettingsTest {

    private static RateLimitSettings settings(Map<String, String> properties, Map<String, String> environment) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(RateLimitConfig.class)
                // Quarkus' own duration format ("15m"), as in a service.
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 250))
                .withSources(new EnvConfigSource(environment, 300))
                .build();
        return new RateLimitSettings(config.getConfigMapping(RateLimitConfig.class));
    }

    @Test
    void withoutConfigurationTheDefaultsAreKsefsProductionValues() {
        RateLimitSettings settings = settings(Map.of(), Map.of());
        assertEquals(new RateLimitValues(10, 30, 180), settings.effective(RateLimitGroup.INVOICE_SEND, "Nip:1"));
        assertEquals(new RateLimitValues(8, 16, 64), settings.effective(RateLimitGroup.INVOICE_DOWNLOAD, ""));
        assertEquals(new RateLimitValues(60, 0, 0), settings.effective(RateLimitGroup.PUBLIC, ""));
        assertEquals(13, settings.defaults().size());
    }

    @Test
    void theMultiplierScalesEveryDefaultAndAGroupCanBeSetOnItsOwn() {
        RateLimitSettings settings = settings(Map.of("ksef.rate-limits.multiplier", "10",
                "ksef.rate-limits.groups.sessionList.per-minute", "7",
                "ksef.rate-limits.groups.public.per-minute", "0"), Map.of());
        assertEquals(new RateLimitValues(50, 7, 600), settings.effective(RateLimitGroup.SESSION_LIST, ""));
        assertEquals(new RateLimitValues(100, 300, 1200), settings.effective(RateLimitGroup.OTHER, ""));
        assertEquals(new RateLimitValues(600, 0, 0), settings.effective(RateLimitGroup.PUBLIC, ""));
    }

    @Test
    void aGroupCanBeSetThroughAnEnvironmentVariable() {
        RateLimitSettings settings = settings(Map.of(),
                Map.of("KSEF_RATE_LIMITS_GROUPS_INVOICESEND_PER_HOUR", "500"));
        assertEquals(new RateLimitValues(10, 30, 500), settings.effective(RateLimitGroup.INVOICE_SEND, ""));
    }

    @Test
    void anUnknownGroupStopsTheServiceAtStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of("ksef.rate-limits.groups.invoiceSent.per-hour", "5"), Map.of()));
        assertTrue(e.getMessage().contains("invoiceSent"), e.getMessage());
    }

    @Test
    void aContextsOwnValuesReplaceTheDefaultsOfItsGroupsButNotOfThePublicOne() {
        RateLimitSettings settings = settings(Map.of(), Map.of());
        settings.set("Nip:1", Map.of(RateLimitGroup.INVOICE_SEND, new RateLimitValues(1, 2, 3),
                RateLimitGroup.PUBLIC, new RateLimitValues(1, 1, 1)));
        assertEquals(new RateLimitValues(1, 2, 3), settings.effective(RateLimitGroup.INVOICE_SEND, "Nip:1"));
        assertEquals(new RateLimitValues(10, 30, 180), settings.effective(RateLimitGroup.INVOICE_SEND, "Nip:2"));
        assertEquals(new RateLimitValues(10, 30, 120), settings.effective(RateLimitGroup.OTHER, "Nip:1"));
        assertEquals(new RateLimitValues(60, 0, 0), settings.effective(RateLimitGroup.PUBLIC, "Nip:1"));
        settings.set("Nip:1", null);
        assertEquals(new RateLimitValues(10, 30, 180), settings.effective(RateLimitGroup.INVOICE_SEND, "Nip:1"));
        assertTrue(settings.ofContext("Nip:1").isEmpty());
    }
}
