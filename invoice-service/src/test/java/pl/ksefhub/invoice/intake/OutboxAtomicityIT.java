package pl.ksefhub.invoice.intake;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import pl.ksefhub.invoice.support.InvoiceDatabase;
import pl.ksefhub.invoice.support.InvoiceSamples;
import pl.ksefhub.invoice.support.TestSession;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.testsupport.KsefTestResource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A state change and the outbox event announcing it commit together or not at all. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_invoice"))
class OutboxAtomicityIT {

    @Inject
    PlatformKeys keys;

    @Inject
    InvoiceReceipts receipts;

    @Test
    void aReceiptThatFailsAtCommitLeavesNeitherTheInvoiceNorItsEvent() throws Throwable {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        String invoiceRef = ReferenceNumbers.next(ReferenceNumbers.INVOICE);
        byte[] xml = InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber()).getBytes(StandardCharsets.UTF_8);
        Map<String, Object> body = TestSession.body(xml, session.encrypt(xml));
        ValidatedSend send = new ValidatedSend((String) body.get("invoiceHash"), xml.length,
                (String) body.get("encryptedInvoiceHash"), (Integer) body.get("encryptedInvoiceSize"),
                session.encrypt(xml), false, null);

        VertxContextSupport.subscribeAndAwait(() -> receipts.store(session.referenceNumber, invoiceRef, send, xml));
        // One statement writes the session's count, the invoice, its XML and its event: the invoice row with the
        // same reference fails it whole, the count and the event with it.
        assertThrows(Exception.class, () -> VertxContextSupport.subscribeAndAwait(
                () -> receipts.store(session.referenceNumber, invoiceRef, send, xml)));

        assertEquals(1, InvoiceDatabase.count("select count(*) from invoice where reference_number = ?", invoiceRef));
        // Only the receipt's own event: the invoice worker may already have processed the stored invoice and
        // announced its later states, which name the same reference.
        assertEquals(1, InvoiceDatabase.count("select count(*) from outbox_event where event_type = ? and payload like ?",
                InvoiceReceived.TYPE, "%" + invoiceRef + "%"));
        assertEquals(1, InvoiceDatabase.count("select invoice_count from invoicing_session where reference_number = ?",
                session.referenceNumber));
    }
}
