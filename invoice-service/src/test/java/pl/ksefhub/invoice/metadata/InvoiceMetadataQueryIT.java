package pl.ksefhub.invoice.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import pl.ksefhub.invoice.support.InvoiceSamples;
import pl.ksefhub.invoice.support.TestSession;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.TestTokens;
import pl.ksefhub.testsupport.KsefTestResource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /v2/invoices/query/metadata and GET /v2/invoices/ksef/{n} as seller, buyer and third subject see them. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_invoice"))
class InvoiceMetadataQueryIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PlatformKeys keys;

    @Test
    void sellerBuyerAndThirdSubjectEachReadTheInvoiceInTheirOwnContextAndNobodyElse() throws Exception {
        TestSession seller = TestSession.fa3(keys).announceAndAwait();
        String buyer = TestSession.randomNip();
        String third = TestSession.randomNip();
        String stranger = TestSession.randomNip();
        String xml = InvoiceSamples.fa3WithParties(seller.nip, InvoiceSamples.uniqueNumber(),
                "<NIP>" + buyer + "</NIP>", InvoiceSamples.thirdSubject("<NIP>" + third + "</NIP>", "Odbiorca", 2));
        String ksefNumber = accept(seller, xml);

        query(seller.nip, "Subject1", invoicing(), Map.of())
                .body("hasMore", equalTo(false))
                .body("isTruncated", equalTo(false))
                .body("permanentStorageHwmDate", nullValue())
                .body("invoices", hasSize(1))
                .body("invoices[0].ksefNumber", equalTo(ksefNumber))
                .body("invoices[0].invoiceNumber", notNullValue())
                .body("invoices[0].seller.nip", equalTo(seller.nip))
                .body("invoices[0].seller.name", equalTo("Bogusz - Sienkiewicz"))
                .body("invoices[0].buyer.identifier.type", equalTo("Nip"))
                .body("invoices[0].buyer.identifier.value", equalTo(buyer))
                .body("invoices[0].buyer.name", equalTo("Błaszczak - Lenart"))
                .body("invoices[0].netAmount", equalTo(10652.38f))
                .body("invoices[0].vatAmount", equalTo(2450.05f))
                .body("invoices[0].grossAmount", equalTo(13102.43f))
                .body("invoices[0].currency", equalTo("PLN"))
                .body("invoices[0].invoicingMode", equalTo("Online"))
                .body("invoices[0].invoiceType", equalTo("Vat"))
                .body("invoices[0].formCode.systemCode", equalTo("FA (3)"))
                .body("invoices[0].formCode.schemaVersion", equalTo("1-0E"))
                .body("invoices[0].formCode.value", equalTo("FA"))
                .body("invoices[0].isSelfInvoicing", equalTo(false))
                .body("invoices[0].hasAttachment", equalTo(false))
                .body("invoices[0].invoiceHash", equalTo(TestSession.sha256(xml.getBytes(StandardCharsets.UTF_8))))
                .body("invoices[0].issueDate", notNullValue())
                .body("invoices[0].invoicingDate", notNullValue())
                .body("invoices[0].acquisitionDate", notNullValue())
                .body("invoices[0].permanentStorageDate", notNullValue())
                .body("invoices[0].thirdSubjects", hasSize(1))
                .body("invoices[0].thirdSubjects[0].identifier.type", equalTo("Nip"))
                .body("invoices[0].thirdSubjects[0].identifier.value", equalTo(third))
                .body("invoices[0].thirdSubjects[0].name", equalTo("Odbiorca"))
                .body("invoices[0].thirdSubjects[0].role", equalTo(2))
                .body("invoices[0].authorizedSubject", nullValue());

        assertEquals(List.of(ksefNumber), ksefNumbers(buyer, "Subject2", invoicing(), Map.of()));
        assertEquals(List.of(), ksefNumbers(buyer, "Subject1", invoicing(), Map.of()));
        assertEquals(List.of(ksefNumber), ksefNumbers(third, "Subject3", invoicing(), Map.of()));
        assertEquals(List.of(), ksefNumbers(third, "Subject2", invoicing(), Map.of()));
        assertEquals(List.of(), ksefNumbers(seller.nip, "Subject2", invoicing(), Map.of()));
        for (String subject : List.of("Subject1", "Subject2", "Subject3", "SubjectAuthorized")) {
            assertEquals(List.of(), ksefNumbers(stranger, subject, invoicing(), Map.of()), subject);
        }

        for (String reader : List.of(seller.nip, buyer, third)) {
            given().header("Authorization", "Bearer " + TestTokens.accessToken(reader, "InvoiceRead"))
                    .get("/v2/invoices/ksef/{n}", ksefNumber).then().statusCode(200);
        }
        given().header("Authorization", "Bearer " + TestTokens.accessToken(stranger, "InvoiceRead"))
                .get("/v2/invoices/ksef/{n}", ksefNumber).then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21164));

        List<ConsumerRecord<String, String>> available = KafkaProbe.events(TestSession.INVOICE_TOPIC,
                seller.referenceNumber, InvoiceAvailable.TYPE, 3, Duration.ofSeconds(30));
        Map<String, String> subjectsByContext = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : available) {
            JsonNode event = JSON.readTree(record.value());
            assertEquals(ksefNumber, event.get("ksefNumber").asText());
            assertEquals("Nip", event.get("context").get("type").asText());
            subjectsByContext.put(event.get("context").get("value").asText(),
                    event.get("subjectTypes").get(0).asText());
        }
        assertEquals(Map.of(seller.nip, "Subject1", buyer, "Subject2", third, "Subject3"), subjectsByContext);
    }

    @Test
    void foreignAndMissingBuyersAreShownAndFilteredByTheirIdentifierType() {
        TestSession seller = TestSession.fa3(keys).announceAndAwait();
        String euBuyer = accept(seller, InvoiceSamples.fa3WithParties(seller.nip, InvoiceSamples.uniqueNumber(),
                "<KodUE>DE</KodUE><NrVatUE>123456789</NrVatUE>"));
        String otherBuyer = accept(seller, InvoiceSamples.fa3WithParties(seller.nip, InvoiceSamples.uniqueNumber(),
                "<KodKraju>US</KodKraju><NrID>US-77</NrID>"));
        String noBuyerId = accept(seller, InvoiceSamples.fa3WithParties(seller.nip, InvoiceSamples.uniqueNumber(),
                "<BrakID>1</BrakID>"));

        assertEquals(List.of(euBuyer), ksefNumbers(seller.nip, "Subject1", invoicing(),
                Map.of("buyerIdentifier", Map.of("type", "VatUe", "value", "DE123456789"))));
        assertEquals(List.of(otherBuyer), ksefNumbers(seller.nip, "Subject1", invoicing(),
                Map.of("buyerIdentifier", Map.of("type", "Other"))));
        assertEquals(List.of(noBuyerId), ksefNumbers(seller.nip, "Subject1", invoicing(),
                Map.of("buyerIdentifier", Map.of("type", "None"))));
        query(seller.nip, "Subject1", invoicing(), Map.of("buyerIdentifier", Map.of("type", "None")))
                .body("invoices[0].buyer.identifier.type", equalTo("None"))
                .body("invoices[0].buyer.identifier.value", nullValue());
        query(seller.nip, "Subject1", invoicing(), Map.of("buyerIdentifier", Map.of("type", "VatUe")))
                .body("invoices[0].buyer.identifier.value", equalTo("DE123456789"));
    }

    @Test
    void everyFilterNarrowsAndPagesFollowTheSortOrder() {
        TestSession seller = TestSession.fa3(keys).announceAndAwait();
        List<String> sent = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String number = InvoiceSamples.uniqueNumber();
            numbers.add("FA/GRQMB-" + number + "/05/2025");
            sent.add(accept(seller, InvoiceSamples.fa3(seller.nip, number)));
        }
        String nip = seller.nip;
        Map<String, Object> range = invoicing();

        query(nip, "Subject1", range, Map.of(), 0, 10, "Asc").body("invoices", hasSize(10))
                .body("hasMore", equalTo(true)).body("isTruncated", equalTo(false));
        List<String> asc = new ArrayList<>(ksefNumbers(nip, "Subject1", range, Map.of(), 0, 10, "Asc"));
        asc.addAll(ksefNumbers(nip, "Subject1", range, Map.of(), 1, 10, "Asc"));
        query(nip, "Subject1", range, Map.of(), 1, 10, "Asc").body("invoices", hasSize(2))
                .body("hasMore", equalTo(false));
        assertEquals(sent, asc, "ascending by invoicing date = the order they were sent and accepted");
        List<String> desc = ksefNumbers(nip, "Subject1", range, Map.of(), 0, 20, "Desc");
        assertEquals(reversed(sent), desc);
        assertEquals(sent, ksefNumbers(nip, "Subject1", permanentStorage(), Map.of(), 0, 20, "Asc"));
        assertEquals(12, ksefNumbers(nip, "Subject1", issue(), Map.of(), 0, 20, "Asc").size());

        assertEquals(List.of(sent.get(3)), ksefNumbers(nip, "Subject1", range, Map.of("ksefNumber", sent.get(3))));
        assertEquals(List.of(sent.get(5)),
                ksefNumbers(nip, "Subject1", range, Map.of("invoiceNumber", numbers.get(5))));
        assertEquals(12, count(nip, range, Map.of("amount", Map.of("type", "Brutto", "from", 13102.43,
                "to", 13102.43))));
        assertEquals(12, count(nip, range, Map.of("amount", Map.of("type", "Vat", "from", 2450))));
        assertEquals(0, count(nip, range, Map.of("amount", Map.of("type", "Netto", "to", 10000))));
        assertEquals(12, count(nip, range, Map.of("sellerNip", nip)));
        assertEquals(0, count(nip, range, Map.of("sellerNip", TestSession.randomNip())));
        assertEquals(12, count(nip, range, Map.of("buyerIdentifier",
                Map.of("type", "Nip", "value", InvoiceSamples.SAMPLE_BUYER_NIP))));
        assertEquals(12, count(nip, range, Map.of("currencyCodes", List.of("EUR", "PLN"))));
        assertEquals(0, count(nip, range, Map.of("currencyCodes", List.of("EUR"))));
        assertEquals(12, count(nip, range, Map.of("invoicingMode", "Online")));
        assertEquals(0, count(nip, range, Map.of("invoicingMode", "Offline")));
        assertEquals(12, count(nip, range, Map.of("isSelfInvoicing", false)));
        assertEquals(0, count(nip, range, Map.of("isSelfInvoicing", true)));
        assertEquals(12, count(nip, range, Map.of("formType", "FA")));
        assertEquals(0, count(nip, range, Map.of("formType", "PEF")));
        assertEquals(12, count(nip, range, Map.of("invoiceTypes", List.of("Vat", "Kor"))));
        assertEquals(0, count(nip, range, Map.of("invoiceTypes", List.of("Kor"))));
        assertEquals(12, count(nip, range, Map.of("hasAttachment", false)));
        assertEquals(0, count(nip, range, Map.of("hasAttachment", true)));
        assertEquals(0, count(nip, Map.of("dateType", "Invoicing",
                "from", OffsetDateTime.now(ZoneOffset.UTC).plusDays(1).toString()), Map.of()));
    }

    @Test
    void thePermanentStorageHighWaterMarkCoversEveryInvoiceAtOrBelowIt() {
        TestSession seller = TestSession.fa3(keys).announceAndAwait();
        String ksefNumber = accept(seller, InvoiceSamples.fa3(seller.nip, InvoiceSamples.uniqueNumber()));
        ValidatableResponse response = query(seller.nip, "Subject1", permanentStorage(), Map.of());
        OffsetDateTime hwm = OffsetDateTime.parse(response.extract().path("permanentStorageHwmDate"));
        OffsetDateTime stored = OffsetDateTime.parse(response.extract().path("invoices[0].permanentStorageDate"));
        assertEquals(ksefNumber, response.extract().path("invoices[0].ksefNumber"));
        assertFalse(stored.isAfter(hwm), stored + " after " + hwm);

        Map<String, Object> future = new LinkedHashMap<>(Map.of("dateType", "PermanentStorage",
                "from", OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(10).toString(),
                "restrictToPermanentStorageHwmDate", true));
        query(seller.nip, "Subject1", future, Map.of()).statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21183))
                .body("exception.exceptionDetailList[0].details[0]", equalTo("Parametr dateRange.from jest"
                        + " późniejszy niż PermanentStorageHwmDate przy włączonym restrictToPermanentStorageHwmDate."));
    }

    /**
     * hwm.md: nothing ever appears at or below a mark already returned. Invoices are accepted by both workers from
     * several sessions at once while a reader keeps querying; every page it saw below its mark must still be the
     * whole set below that mark at the end.
     */
    @Test
    void noInvoiceAppearsBelowAHighWaterMarkAlreadyReturnedWhileOthersAreAccepted() throws Exception {
        String buyer = TestSession.randomNip();
        List<TestSession> sellers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sellers.add(TestSession.fa3(keys).announceAndAwait());
        }
        Map<String, Object> range = permanentStorage();
        Thread sender = new Thread(() -> {
            for (int round = 0; round < 6; round++) {
                for (TestSession seller : sellers) {
                    seller.send(InvoiceSamples.fa3WithParties(seller.nip, InvoiceSamples.uniqueNumber(),
                            "<NIP>" + buyer + "</NIP>"));
                }
            }
        });
        sender.start();
        List<Map.Entry<OffsetDateTime, Set<String>>> observations = new ArrayList<>();
        while (sender.isAlive() || observations.size() < 5) {
            ValidatableResponse response = query(buyer, "Subject2", range, Map.of(), 0, 250, "Asc");
            OffsetDateTime hwm = OffsetDateTime.parse(response.extract().path("permanentStorageHwmDate"));
            List<String> numbers = response.extract().path("invoices.ksefNumber");
            List<String> dates = response.extract().path("invoices.permanentStorageDate");
            Set<String> atOrBelow = new HashSet<>();
            for (int i = 0; i < numbers.size(); i++) {
                if (!OffsetDateTime.parse(dates.get(i)).isAfter(hwm)) {
                    atOrBelow.add(numbers.get(i));
                }
            }
            observations.add(Map.entry(hwm, atOrBelow));
        }
        sender.join();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> ksefNumbers(buyer, "Subject2", range, Map.of(), 0, 250, "Asc").size() == 24);
        ValidatableResponse last = query(buyer, "Subject2", range, Map.of(), 0, 250, "Asc");
        List<String> numbers = last.extract().path("invoices.ksefNumber");
        List<String> dates = last.extract().path("invoices.permanentStorageDate");
        for (Map.Entry<OffsetDateTime, Set<String>> observation : observations) {
            Set<String> nowBelow = new HashSet<>();
            for (int i = 0; i < numbers.size(); i++) {
                if (!OffsetDateTime.parse(dates.get(i)).isAfter(observation.getKey())) {
                    nowBelow.add(numbers.get(i));
                }
            }
            assertEquals(observation.getValue(), nowBelow, "below " + observation.getKey());
        }
        assertTrue(observations.size() >= 5);
    }

    @Test
    void invalidQueriesAnswer21405WithTheValidatorsTexts() {
        String nip = TestSession.randomNip();
        validationError(nip, Map.of("subjectType", "Subject1", "dateRange", invoicing()), "5", null,
                "'pageSize' must be between 10 and 250. You entered 5.");
        validationError(nip, Map.of("subjectType", "Subject1", "dateRange", invoicing()), "251", null,
                "'pageSize' must be between 10 and 250. You entered 251.");
        validationError(nip, Map.of("subjectType", "Subject1", "dateRange", invoicing()), "10", "Up",
                "'sortOrder' has a range of values which does not include 'Up'.");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        validationError(nip, Map.of("subjectType", "Subject1", "dateRange", Map.of("dateType", "Issue",
                        "from", now.minusMonths(3).minusDays(2).toString(), "to", now.toString())), "10", null,
                "'dateRange' must not exceed 3 months.");
        validationError(nip, Map.of("subjectType", "Subject9", "dateRange", invoicing()), "10", null,
                "'subjectType' has a range of values which does not include 'Subject9'.");
        validationError(nip, Map.of("dateRange", invoicing()), "10", null, "'subjectType' must not be empty.");
        validationError(nip, Map.of("subjectType", "Subject1"), "10", null, "'dateRange' must not be empty.");
        validationError(nip, Map.of("subjectType", "Subject1", "dateRange", invoicing(), "sellerNip", "123"), "10",
                null, "'sellerNip' is not in the correct format.");
        given().header("Authorization", "Bearer " + TestTokens.accessToken(nip, "InvoiceRead"))
                .header("X-Error-Format", "problem-details").contentType("application/json")
                .body(Map.of("subjectType", "Subject1", "dateRange", invoicing()))
                .post("/v2/invoices/query/metadata?pageOffset=0&pageSize=5&sortOrder=Asc").then().statusCode(400)
                .body("errors[0].code", equalTo(21405))
                .body("errors[0].description", equalTo("Błąd walidacji danych wejściowych."))
                .body("errors[0].details", contains("'pageSize' must be between 10 and 250. You entered 5."));
        // Three months in Polish local time are fine even where they are 3 months and an hour in UTC.
        query(nip, "Subject1", Map.of("dateType", "Issue", "from", "2026-01-01T00:00:00",
                "to", "2026-04-01T00:00:00"), Map.of()).statusCode(200);
    }

    @Test
    void theQueryNeedsInvoiceRead() {
        String nip = TestSession.randomNip();
        given().header("Authorization", "Bearer " + TestTokens.accessToken(nip, "InvoiceWrite"))
                .contentType("application/json").body(Map.of("subjectType", "Subject1", "dateRange", invoicing()))
                .post("/v2/invoices/query/metadata").then().statusCode(403);
    }

    private static void validationError(String nip, Map<String, Object> body, String pageSize, String sortOrder,
                                        String detail) {
        given().header("Authorization", "Bearer " + TestTokens.accessToken(nip, "InvoiceRead"))
                .contentType("application/json").body(body)
                .queryParam("pageSize", pageSize)
                .queryParam("sortOrder", sortOrder == null ? "Asc" : sortOrder)
                .post("/v2/invoices/query/metadata").then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405))
                .body("exception.exceptionDetailList[0].exceptionDescription",
                        equalTo("Błąd walidacji danych wejściowych."))
                .body("exception.exceptionDetailList[0].details", contains(detail));
    }

    private static String accept(TestSession session, String xml) {
        String invoiceRef = session.send(xml);
        assertEquals(200, session.awaitFinalStatus(invoiceRef));
        return session.status(invoiceRef).extract().path("ksefNumber");
    }

    private static Map<String, Object> invoicing() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return Map.of("dateType", "Invoicing", "from", now.minusDays(10).toString(), "to",
                now.plusDays(10).toString());
    }

    private static Map<String, Object> permanentStorage() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return Map.of("dateType", "PermanentStorage", "from", now.minusDays(1).toString());
    }

    private static Map<String, Object> issue() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return Map.of("dateType", "Issue", "from", now.minusDays(2).toString(), "to", now.plusDays(2).toString());
    }

    private static ValidatableResponse query(String nip, String subjectType, Map<String, Object> range,
                                             Map<String, Object> filters) {
        return query(nip, subjectType, range, filters, 0, 250, "Asc");
    }

    private static ValidatableResponse query(String nip, String subjectType, Map<String, Object> range,
                                             Map<String, Object> filters, int pageOffset, int pageSize,
                                             String sortOrder) {
        Map<String, Object> body = new LinkedHashMap<>(filters);
        body.put("subjectType", subjectType);
        body.put("dateRange", range);
        return given().header("Authorization", "Bearer " + TestTokens.accessToken(nip, "InvoiceRead"))
                .contentType("application/json").body(body)
                .queryParam("pageOffset", pageOffset).queryParam("pageSize", pageSize)
                .queryParam("sortOrder", sortOrder)
                .post("/v2/invoices/query/metadata").then();
    }

    private static List<String> ksefNumbers(String nip, String subjectType, Map<String, Object> range,
                                            Map<String, Object> filters) {
        return ksefNumbers(nip, subjectType, range, filters, 0, 250, "Asc");
    }

    private static List<String> ksefNumbers(String nip, String subjectType, Map<String, Object> range,
                                            Map<String, Object> filters, int pageOffset, int pageSize,
                                            String sortOrder) {
        return query(nip, subjectType, range, filters, pageOffset, pageSize, sortOrder).statusCode(200)
                .extract().path("invoices.ksefNumber");
    }

    private static int count(String nip, Map<String, Object> range, Map<String, Object> filters) {
        return ksefNumbers(nip, "Subject1", range, filters).size();
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }
}
