package pl.ksefhub.invoice.intake;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import pl.ksefhub.invoice.support.InvoiceDatabase;
import pl.ksefhub.invoice.support.InvoiceSamples;
import pl.ksefhub.invoice.support.TestSession;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.testsupport.KsefTestResource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the one statement that stores a send promises, under concurrent sends to one session: ordinal numbers
 * 1..n with no gap or repeat, the session's invoice limit, and an event that names the same ordinal number as the
 * invoice's row.
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_invoice"))
class InvoiceReceiptsIT {

    private static final int LIMIT = 12;
    private static final int SENDS = 20;

    @Inject
    PlatformKeys keys;

    @Test
    void concurrentSendsGetOrdinalNumbersOneToTheLimitAndEventsThatNameThem() throws Exception {
        TestSession session = TestSession.fa3(keys).with("invoiceLimit", LIMIT).announceAndAwait();
        List<Map<String, Object>> bodies = new ArrayList<>();
        for (int i = 0; i < SENDS; i++) {
            bodies.add(session.sendBody(InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber())));
        }
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (Map<String, Object> body : bodies) {
                answers.add(senders.submit(() -> session.post(body)));
            }
            int accepted = 0;
            int full = 0;
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                if (response.statusCode() == 202) {
                    accepted++;
                } else if (response.statusCode() == 400
                        && Integer.valueOf(21155).equals(response.path("exception.exceptionDetailList[0].exceptionCode"))) {
                    full++;
                }
            }
            assertEquals(LIMIT, accepted);
            assertEquals(SENDS - LIMIT, full);
        } finally {
            senders.shutdownNow();
        }

        String ref = session.referenceNumber;
        assertEquals(LIMIT, InvoiceDatabase.count("select invoice_count from invoicing_session"
                + " where reference_number = ?", ref));
        assertEquals(LIMIT, InvoiceDatabase.count("select count(distinct ordinal_number) from invoice"
                + " where session_reference_number = ? and ordinal_number between 1 and ?", ref, LIMIT));
        assertEquals(LIMIT, InvoiceDatabase.count("select count(*) from invoice_content c join invoice i"
                + " on i.id = c.invoice_row_id where i.session_reference_number = ?", ref));
        // Each invoice's received event, with the ordinal number of its row; none for the refused sends.
        assertEquals(LIMIT, InvoiceDatabase.count("select count(*) from outbox_event e where e.event_type = ?"
                + " and e.record_key = ?", InvoiceReceived.TYPE, ref));
        assertEquals(LIMIT, InvoiceDatabase.count("select count(*) from outbox_event e join invoice i"
                + " on i.reference_number = e.payload::jsonb ->> 'invoiceReferenceNumber'"
                + " and i.ordinal_number = (e.payload::jsonb ->> 'ordinalNumber')::int"
                + " where e.event_type = ? and e.record_key = ?", InvoiceReceived.TYPE, ref));
    }
}
