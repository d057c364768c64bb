package pl.ksefhub.session.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.identifiers.ContextIdentifier;
import pl.ksefhub.session.ratelimit.RateLimitEvents.RateLimitSettingsChanged;
import pl.ksefhub.session.ratelimit.RateLimitEvents.Values;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The published schema and the record that is serialised must not drift apart. */
class RateLimitSettingsChangedSchemaTest {

    @Test
    void theSchemaDescribesExactlyTheFieldsOfTheRecord() throws Exception {
        JsonNode schema;
        try (InputStream in = getClass().getResourceAsStream("/events/ksef.ratelimit.settings-changed.v1.json")) {
            schema = new ObjectMapper().readTree(in);
        }
        assertEquals(RateLimitEvents.SETTINGS_CHANGED, schema.get("$id").asText());
        assertEquals(components(RateLimitSettingsChanged.class), names(schema.get("properties")));
        assertEquals(components(RateLimitSettingsChanged.class), values(schema.get("required")));
        assertEquals(components(ContextIdentifier.class), names(schema.at("/properties/context/properties")));
        assertEquals(components(Values.class),
                names(schema.at("/properties/rateLimits/additionalProperties/properties")));
        assertEquals(Set.of(RateLimitEvents.CUSTOM, RateLimitEvents.PRODUCTION, RateLimitEvents.DEFAULTS),
                values(schema.at("/properties/profile/enum")));
    }

    private static Set<String> components(Class<? extends Record> type) {
        return new TreeSet<>(Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList());
    }

    private static Set<String> names(JsonNode properties) {
        Set<String> names = new TreeSet<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> values(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }
}
