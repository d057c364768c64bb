package pl.ksefhub.invoice.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import pl.ksefhub.invoice.batch.BatchEvents;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import pl.ksefhub.invoice.intake.InvoiceReceived;
import pl.ksefhub.invoice.metadata.InvoiceAvailable;
import pl.ksefhub.invoice.processing.InvoiceAccepted;
import pl.ksefhub.invoice.processing.InvoiceRejected;
import pl.ksefhub.invoice.purge.SessionInvoicesPurged;
import pl.ksefhub.invoice.settlement.SessionInvoicesSettled;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The published JSON Schemas and the records actually serialised stay the same shape. */
class EventSchemasTest {

    static Stream<Arguments> publishedEvents() {
        return Stream.of(
                Arguments.of(InvoiceReceived.TYPE, InvoiceReceived.class),
                Arguments.of(InvoiceAccepted.TYPE, InvoiceAccepted.class),
                Arguments.of(InvoiceAvailable.TYPE, InvoiceAvailable.class),
                Arguments.of(InvoiceRejected.TYPE, InvoiceRejected.class),
                Arguments.of(SessionInvoicesSettled.TYPE, SessionInvoicesSettled.class),
                Arguments.of(BatchEvents.PART_UPLOADED, BatchEvents.PartUploaded.class),
                Arguments.of(BatchEvents.PACKAGE_REJECTED, BatchEvents.PackageRejected.class),
                Arguments.of(BatchEvents.PARTS_CHECKED, BatchEvents.PartsChecked.class),
                Arguments.of(SessionInvoicesPurged.TYPE, SessionInvoicesPurged.class));
    }

    @ParameterizedTest
    @MethodSource("publishedEvents")
    void everyPublishedEventHasASchemaWithExactlyItsFieldsAllRequired(String type, Class<?> record) throws Exception {
        JsonNode schema;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("events/" + type + ".json")) {
            assertNotNull(in, "no schema for " + type);
            schema = new ObjectMapper().readTree(in);
        }
        Set<String> fields = new HashSet<>();
        Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).forEach(fields::add);
        Set<String> properties = new HashSet<>();
        schema.get("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> required = new HashSet<>();
        schema.get("required").forEach(name -> required.add(name.asText()));
        assertEquals(fields, properties, type);
        assertEquals(fields, required, type);
    }
}
