package pl.ksefhub.invoice.processing;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import org.junit.jupiter.api.Test;
import pl.ksefhub.invoice.store.Invoice;
import pl.ksefhub.invoice.store.InvoiceStatus;
import pl.ksefhub.invoice.support.InvoiceDatabase;
import pl.ksefhub.invoice.support.TestSession;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.testsupport.KsefTestResource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A batch's verdicts written with one statement, read back through the entity mapping: every column processing
 * sets holds what the entity held (nulls included), each row its own values, and a row that is not there fails
 * the statement and so the batch's transaction.
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_invoice"))
class VerdictRowsIT {

    @Test
    void everyColumnProcessingSetsIsWrittenAsTheEntityHolds() throws Throwable {
        String session = session();
        Invoice accepted = received(session, 1);
        Invoice rejected = received(session, 2);
        OffsetDateTime stamp = OffsetDateTime.of(2026, 12, 7, 15, 4, 5, 678_000_000, ZoneOffset.UTC);
        accepted.setStatus(InvoiceStatus.ACCEPTED);
        accepted.statusDetails = "[\"a\"]";
        accepted.statusExtensions = "{\"k\":\"v\"}";
        accepted.invoicingMode = "Online";
        accepted.sellerNip = "5265877635";
        accepted.buyerNip = "7352765225";
        accepted.invoiceType = "VAT";
        accepted.invoiceNumber = "FV/1/'quoted', {braced}";
        accepted.issueDate = LocalDate.of(2026, 12, 1);
        accepted.metadataRead = true;
        accepted.hasAttachment = true;
        accepted.sellerName = "Bogusz - Sienkiewicz, \"S.A.\"";
        accepted.buyerIdentifierType = "Nip";
        accepted.buyerIdentifierValue = "7352765225";
        accepted.buyerName = "Błaszczak - Lenart";
        accepted.currency = "EUR";
        accepted.netAmount = new BigDecimal("10652.38");
        accepted.vatAmount = new BigDecimal("2450.05");
        accepted.grossAmount = new BigDecimal("13102.43");
        accepted.selfInvoicing = true;
        accepted.authorizedNip = "1111111111";
        accepted.authorizedName = "Pełnomocnik";
        accepted.authorizedRole = 3;
        accepted.invoiceId = 9_000_000_000L + accepted.id;
        accepted.ksefNumber = "5265877635-20261207-" + accepted.id;
        accepted.acquisitionDate = stamp;
        accepted.permanentStorageDate = stamp.plusNanos(1_000_000);
        accepted.formSystemCode = "FA (3)";
        accepted.formSchemaVersion = "1-0E";
        accepted.formValue = "FA";
        rejected.setStatus(InvoiceStatus.SEMANTIC_VERIFICATION_FAILED);
        rejected.statusDetails = "[\"Błąd walidacji\"]";
        rejected.invoicingMode = "Offline";

        write(List.of(accepted, rejected));

        Invoice stored = find(accepted.id);
        assertEquals(200, stored.statusCode);
        assertEquals(accepted.statusDescription, stored.statusDescription);
        assertEquals("[\"a\"]", stored.statusDetails);
        assertEquals("{\"k\":\"v\"}", stored.statusExtensions);
        assertEquals("Online", stored.invoicingMode);
        assertEquals("5265877635", stored.sellerNip);
        assertEquals("7352765225", stored.buyerNip);
        assertEquals("VAT", stored.invoiceType);
        assertEquals("FV/1/'quoted', {braced}", stored.invoiceNumber);
        assertEquals(LocalDate.of(2026, 12, 1), stored.issueDate);
        assertEquals(true, stored.metadataRead);
        assertEquals(true, stored.hasAttachment);
        assertEquals("Bogusz - Sienkiewicz, \"S.A.\"", stored.sellerName);
        assertEquals("Nip", stored.buyerIdentifierType);
        assertEquals("7352765225", stored.buyerIdentifierValue);
        assertEquals("Błaszczak - Lenart", stored.buyerName);
        assertEquals("EUR", stored.currency);
        assertEquals(new BigDecimal("10652.38"), stored.netAmount);
        assertEquals(new BigDecimal("2450.05"), stored.vatAmount);
        assertEquals(new BigDecimal("13102.43"), stored.grossAmount);
        assertEquals(true, stored.selfInvoicing);
        assertEquals("1111111111", stored.authorizedNip);
        assertEquals("Pełnomocnik", stored.authorizedName);
        assertEquals(3, stored.authorizedRole);
        assertEquals(accepted.invoiceId, stored.invoiceId);
        assertEquals(accepted.ksefNumber, stored.ksefNumber);
        assertEquals(stamp.toInstant(), stored.acquisitionDate.toInstant());
        assertEquals(stamp.plusNanos(1_000_000).toInstant(), stored.permanentStorageDate.toInstant());
        assertEquals("FA (3)", stored.formSystemCode);
        assertEquals("1-0E", stored.formSchemaVersion);
        assertEquals("FA", stored.formValue);

        Invoice other = find(rejected.id);
        assertEquals(InvoiceStatus.SEMANTIC_VERIFICATION_FAILED.code(), other.statusCode);
        assertEquals("[\"Błąd walidacji\"]", other.statusDetails);
        assertEquals("Offline", other.invoicingMode);
        assertNull(other.statusExtensions);
        assertNull(other.ksefNumber);
        assertNull(other.invoiceId);
        assertNull(other.netAmount);
        assertNull(other.acquisitionDate);
        assertEquals(false, other.selfInvoicing);
        assertEquals("h-2", other.invoiceHash, "a column processing does not set is left as it was");
    }

    @Test
    void aRowThatIsNotThereFailsTheStatementAndNothingIsWritten() {
        String session = session();
        Invoice present = received(session, 1);
        present.setStatus(InvoiceStatus.SEMANTIC_VERIFICATION_FAILED);
        Invoice gone = new Invoice();
        gone.id = -1L;
        gone.setStatus(InvoiceStatus.SEMANTIC_VERIFICATION_FAILED);

        assertThrows(IllegalStateException.class, () -> write(List.of(present, gone)));

        assertEquals(InvoiceStatus.PROCESSING.code(), InvoiceDatabase.count(
                "select status_code from invoice where id = ?", present.id));
    }

    private static void write(List<Invoice> decided) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> VerdictRows.write(session, decided))));
    }

    private static Invoice find(long id) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Invoice.<Invoice>findById(id)));
    }

    private static String session() {
        String session = ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION);
        InvoiceDatabase.execute("insert into invoicing_session (reference_number, session_type, context_type,"
                + " context_value, form_system_code, form_schema_version, form_value, key_valid, invoice_limit,"
                + " opened_at, valid_until) values (?, 'online', 'Nip', ?, 'FA (3)', '1-0E', 'FA', true, 10,"
                + " now(), now() + interval '1 hour')", session, TestSession.randomNip());
        return session;
    }

    /**
     * An invoice row as a claim finds it, and the entity it would load for it. Its status is 150, not 100: the
     * service's own worker claims only 100, and must not process these rows meanwhile.
     */
    private static Invoice received(String session, int ordinal) {
        String reference = ReferenceNumbers.next(ReferenceNumbers.INVOICE);
        InvoiceDatabase.execute("insert into invoice (reference_number, session_reference_number, ordinal_number,"
                + " invoice_hash, invoice_size, encrypted_invoice_hash, encrypted_invoice_size, offline_mode,"
                + " decryption_failed, invoicing_date, status_code, status_description) values (?, ?, ?, ?, 1, 'e',"
                + " 1, false, false, now(), 150, 'Trwa przetwarzanie')", reference, session, ordinal, "h-" + ordinal);
        Invoice invoice = new Invoice();
        invoice.id = InvoiceDatabase.count("select id from invoice where reference_number = ?", reference);
        invoice.referenceNumber = reference;
        invoice.setStatus(InvoiceStatus.PROCESSING);
        return invoice;
    }
}
