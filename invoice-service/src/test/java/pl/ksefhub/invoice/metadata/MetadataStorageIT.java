package pl.ksefhub.invoice.metadata;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import pl.ksefhub.invoice.support.InvoiceDatabase;
import pl.ksefhub.invoice.support.InvoiceSamples;
import pl.ksefhub.invoice.support.TestSession;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.TestTokens;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The 10,000-record cap of a filter set, and the backfill of invoices accepted before metadata was stored. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_invoice"))
class MetadataStorageIT {

    @Inject
    PlatformKeys keys;

    @Inject
    MetadataBackfill backfill;

    @Test
    void aFilterSetStopsAtTenThousandRecordsWithIsTruncated() {
        String nip = TestSession.randomNip();
        String session = ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION);
        InvoiceDatabase.execute("insert into invoicing_session (reference_number, session_type, context_type,"
                + " context_value, form_system_code, form_schema_version, form_value, key_valid, invoice_limit,"
                + " opened_at, valid_until) values (?, 'online', 'Nip', ?, 'FA (3)', '1-0E', 'FA', true, 20000,"
                + " now(), now() + interval '1 hour')", session, nip);
        // 10,001 accepted invoices of one seller, as the metadata query sees them (no XML needed for it).
        int inserted = InvoiceDatabase.execute("insert into invoice (reference_number, session_reference_number,"
                + " ordinal_number, invoice_hash, invoice_size, encrypted_invoice_hash, encrypted_invoice_size,"
                + " offline_mode, decryption_failed, invoicing_date, status_code, status_description, seller_nip,"
                + " invoice_type, invoice_number, issue_date, invoicing_mode, invoice_id, ksef_number,"
                + " acquisition_date, permanent_storage_date, metadata_read, buyer_identifier_type,"
                + " form_system_code, form_schema_version, form_value, currency, gross_amount)"
                + " select 'T' || ? || lpad(g::text, 8, '0'), ?, g, 'h', 1, 'h', 1, false, false,"
                + " now() - interval '1 hour' + g * interval '1 millisecond', 200, 'Sukces', ?, 'VAT', 'T/' || g,"
                + " current_date, 'Online', nextval('ksef_invoice_id_seq'), ? || '-T-' || g, now(), now(), true,"
                + " 'None', 'FA (3)', '1-0E', 'FA', 'PLN', g from generate_series(1, 10001) g", nip, session, nip,
                nip);
        assertEquals(10001, inserted);

        page(nip, 0).body("invoices", hasSize(250)).body("hasMore", equalTo(true))
                .body("isTruncated", equalTo(false)).body("invoices[0].invoiceNumber", equalTo("T/1"));
        page(nip, 38).body("invoices", hasSize(250)).body("hasMore", equalTo(true))
                .body("isTruncated", equalTo(false));
        page(nip, 39).body("invoices", hasSize(250)).body("hasMore", equalTo(true))
                .body("isTruncated", equalTo(true)).body("invoices[249].invoiceNumber", equalTo("T/10000"));
        page(nip, 40).body("invoices", hasSize(0)).body("hasMore", equalTo(true))
                .body("isTruncated", equalTo(true));
    }

    @Test
    void invoicesAcceptedBeforeTheMetadataWasStoredAreReadFromTheirXml() throws Throwable {
        TestSession seller = TestSession.fa3(keys).announceAndAwait();
        String third = TestSession.randomNip();
        String invoiceRef = seller.send(InvoiceSamples.fa3WithParties(seller.nip, InvoiceSamples.uniqueNumber(),
                "<NIP>" + InvoiceSamples.SAMPLE_BUYER_NIP + "</NIP>",
                InvoiceSamples.thirdSubject("<NIP>" + third + "</NIP>", "Płatnik", 6)));
        assertEquals(200, seller.awaitFinalStatus(invoiceRef));
        String ksefNumber = seller.status(invoiceRef).extract().path("ksefNumber");
        // As the V5 migration leaves an invoice accepted before it.
        InvoiceDatabase.execute("delete from invoice_third_subject where invoice_row_id ="
                + " (select id from invoice where ksef_number = ?)", ksefNumber);
        InvoiceDatabase.execute("update invoice set metadata_read = false, seller_name = null, buyer_name = null,"
                + " net_amount = null, vat_amount = null, gross_amount = null, currency = null"
                + " where ksef_number = ?", ksefNumber);
        query(third).body("invoices", hasSize(0));

        int read;
        do {
            read = VertxContextSupport.subscribeAndAwait(backfill::batch);
        } while (read > 0);

        query(third).body("invoices", hasSize(1))
                .body("invoices[0].ksefNumber", equalTo(ksefNumber))
                .body("invoices[0].seller.name", equalTo("Bogusz - Sienkiewicz"))
                .body("invoices[0].buyer.name", equalTo("Błaszczak - Lenart"))
                .body("invoices[0].grossAmount", equalTo(13102.43f))
                .body("invoices[0].currency", equalTo("PLN"))
                .body("invoices[0].thirdSubjects[0].role", equalTo(6));
        assertEquals(0, InvoiceDatabase.count("select count(*) from invoice where ksef_number = ?"
                + " and not metadata_read", ksefNumber));
    }

    private static ValidatableResponse page(String nip, int pageOffset) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return given().header("Authorization", "Bearer " + TestTokens.accessToken(nip, "InvoiceRead"))
                .contentType("application/json")
                .body(Map.of("subjectType", "Subject1", "dateRange", Map.of("dateType", "Invoicing",
                        "from", now.minusDays(1).toString(), "to", now.plusDays(1).toString())))
                .post("/v2/invoices/query/metadata?pageOffset={o}&pageSize=250&sortOrder=Asc", pageOffset)
                .then().statusCode(200);
    }

    private static ValidatableResponse query(String thirdSubjectNip) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return given().header("Authorization", "Bearer " + TestTokens.accessToken(thirdSubjectNip, "InvoiceRead"))
                .contentType("application/json")
                .body(Map.of("subjectType", "Subject3", "dateRange", Map.of("dateType", "Invoicing",
                        "from", now.minusDays(1).toString())))
                .post("/v2/invoices/query/metadata").then().statusCode(200);
    }
}
