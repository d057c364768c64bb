package pl.ksefhub.platform.tracing;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogFieldsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anInvoiceEventNamesItsSessionInvoiceAndContextNip() throws Exception {
        String session = "20250625-SO-2C3E6C8000-B4A5B4F6C7-4E";
        var payload = JSON.readTree("{\"referenceNumber\":\"" + session + "\",\"invoiceReferenceNumber\":\"INV-1\","
                + "\"context\":{\"type\":\"Nip\",\"value\":\"5265877635\"},\"ksefNumber\":\"x\"}");

        assertEquals(Map.of(LogFields.SESSION, session, LogFields.INVOICE, "INV-1", LogFields.CONTEXT_NIP,
                "5265877635"), LogFields.of(session, payload));
    }

    @Test
    void aReferenceNumberThatIsNotTheRecordKeyIsNoSessionAndAnotherContextIsNoNip() throws Exception {
        var payload = JSON.readTree("{\"referenceNumber\":\"20250625-AU-1\","
                + "\"context\":{\"type\":\"InternalId\",\"value\":\"5265877635-00001\"}}");

        assertEquals(Map.of(), LogFields.of("5265877635", payload));
    }

    @Test
    void aContextNipFieldCountsAndBlankOrNonTextValuesDoNot() throws Exception {
        var payload = JSON.readTree("{\"contextNip\":\"5265877635\",\"invoiceReferenceNumber\":\" \","
                + "\"referenceNumber\":7}");

        assertEquals(Map.of(LogFields.CONTEXT_NIP, "5265877635"), LogFields.of("7", payload));
        assertEquals(Map.of(), LogFields.of("k", null));
    }
}
