package pl.ksefhub.session.deletion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The published schemas of the deletion's events and the records that are serialised must not drift apart. */
class DeletionEventsSchemaTest {

    static Stream<Arguments> publishedEvents() {
        return Stream.of(
                Arguments.of(DeletionEvents.DELETION_REQUESTED, DeletionEvents.SessionDeletionRequested.class),
                Arguments.of(DeletionEvents.DELETED, DeletionEvents.SessionDeleted.class));
    }

    @ParameterizedTest
    @MethodSource("publishedEvents")
    void eachSchemaHasExactlyTheFieldsOfItsRecordAllRequired(String type, Class<? extends Record> record)
            throws Exception {
        JsonNode schema;
        try (InputStream in = getClass().getResourceAsStream("/events/" + type + ".json")) {
            assertNotNull(in, "no schema for " + type);
            schema = new ObjectMapper().readTree(in);
        }
        assertEquals(type, schema.get("$id").asText());
        Set<String> fields = new TreeSet<>(Arrays.stream(record.getRecordComponents())
                .map(RecordComponent::getName).toList());
        Set<String> properties = new TreeSet<>();
        schema.get("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> required = new TreeSet<>();
        schema.get("required").forEach(name -> required.add(name.asText()));
        assertEquals(fields, properties, type);
        assertEquals(fields, required, type);
    }
}
