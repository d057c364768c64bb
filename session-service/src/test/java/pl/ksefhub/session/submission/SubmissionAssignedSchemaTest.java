package pl.ksefhub.session.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import pl.ksefhub.session.submission.SubmissionEvents.SubmissionAssigned;
import pl.ksefhub.session.submission.SubmissionEvents.Template;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The published schema and the record that is serialised must not drift apart. */
class SubmissionAssignedSchemaTest {

    @Test
    void theSchemaDescribesExactlyTheFieldsOfTheRecord() throws Exception {
        JsonNode schema = schema();
        assertEquals(SubmissionEvents.ASSIGNED, schema.get("$id").asText());
        assertEquals(components(SubmissionAssigned.class), names(schema.get("properties")));
        assertEquals(components(Template.class), names(schema.at("/properties/template/properties")));
        Set<String> required = new TreeSet<>();
        schema.get("required").forEach(node -> required.add(node.asText()));
        assertEquals(Set.of("referenceNumber", "correlationId", "context", "formCode", "assignedAt"), required);
        assertTrue(schema.has("oneOf"), "exactly one of invoiceXml and template");
    }

    private static JsonNode schema() throws Exception {
        try (InputStream in = SubmissionAssignedSchemaTest.class.getResourceAsStream(
                "/events/session.submission-assigned.v1.json")) {
            return new ObjectMapper().readTree(in);
        }
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
