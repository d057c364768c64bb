package pl.ksefhub.session.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.identifiers.ContextIdentifier;
import pl.ksefhub.session.auth.AuthSessionEvents.AuthSessionRevoked;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The published schema and the record that is serialised must not drift apart. */
class AuthSessionRevokedSchemaTest {

    @Test
    void theSchemaDescribesExactlyTheFieldsOfTheRecordAndRequiresThemAll() throws Exception {
        JsonNode schema;
        try (InputStream in = getClass().getResourceAsStream("/events/" + AuthSessionEvents.REVOKED + ".json")) {
            schema = new ObjectMapper().readTree(in);
        }
        assertEquals(AuthSessionEvents.REVOKED, schema.get("$id").asText());
        assertEquals(components(AuthSessionRevoked.class), names(schema.get("properties")));
        assertEquals(components(ContextIdentifier.class), names(schema.at("/properties/context/properties")));
        Set<String> required = new TreeSet<>();
        schema.get("required").forEach(node -> required.add(node.asText()));
        assertEquals(components(AuthSessionRevoked.class), required);
    }

    private static Set<String> components(Class<? extends Record> type) {
        return new TreeSet<>(Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList());
    }

    private static Set<String> names(JsonNode properties) {
        Set<String> names = new TreeSet<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
