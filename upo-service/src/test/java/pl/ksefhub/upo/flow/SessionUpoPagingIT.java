package pl.ksefhub.upo.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.TestTokens;
import pl.ksefhub.upo.document.UpoFixtures;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session UPO of several pages end to end. Pages hold 2 documents here instead of 10,000, so that five invoices
 * make three pages (the 10,000 split itself is unit-tested in UpoPagesTest and UpoSignerTest).
 */
@QuarkusTest
@TestProfile(SessionUpoPagingIT.TwoDocumentsPerPage.class)
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_upo"))
class SessionUpoPagingIT {

    public static class TwoDocumentsPerPage implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ksef.upo.page-size", "2");
        }
    }

    @Test
    void fiveInvoicesMakeThreePagesAnnouncedInOrderAndServedEach() throws Exception {
        String nip = TestEvents.nip();
        String session = TestEvents.sessionRef();
        for (int ordinal = 5; ordinal >= 1; ordinal--) {
            KafkaEvents.publishAsync(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICE_ACCEPTED,
                    KafkaEvents.newEventId(), TestEvents.invoiceAccepted(session, TestEvents.invoiceRef(), ordinal,
                            TestEvents.ksefNumber(nip), nip, null));
        }
        KafkaEvents.publishAsync(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICES_SETTLED,
                KafkaEvents.newEventId(), TestEvents.invoicesSettled(session, 6, 5));
        KafkaEvents.flush();

        JsonNode event = KafkaEvents.payload(KafkaEvents.await(TestEvents.UPO_EVENTS, session, 1,
                r -> "session".equals(KafkaEvents.payload(r).path("scope").asText()), Duration.ofSeconds(60)).get(0));

        assertEquals(3, event.path("pages").size());
        List<String> invoiceNumbers = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            String upoRef = event.path("pages").get(page - 1).path("referenceNumber").asText();
            byte[] body = given().header("Authorization", "Bearer " + TestTokens.accessToken(nip))
                    .get("/v2/sessions/" + session + "/upo/" + upoRef).then().statusCode(200).extract().asByteArray();
            assertTrue(UpoFixtures.signatureIsValid(body));
            UpoFixtures.validateAgainstSchema(body);
            assertEquals(Integer.toString(page), UpoFixtures.text(body, "Strona"));
            assertEquals("3", UpoFixtures.text(body, "LiczbaStron"));
            assertEquals(Integer.toString(2 * page - 1), UpoFixtures.text(body, "ZakresDokumentowOd"));
            assertEquals(Integer.toString(Math.min(6, 2 * page + 1)), UpoFixtures.text(body, "ZakresDokumentowDo"));
            assertEquals("5", UpoFixtures.text(body, "CalkowitaLiczbaDokumentow"));
            var numbers = UpoFixtures.parse(body).getElementsByTagNameNS(
                    "http://upo.schematy.mf.gov.pl/KSeF/v4-3", "NumerFaktury");
            for (int i = 0; i < numbers.getLength(); i++) {
                invoiceNumbers.add(numbers.item(i).getTextContent());
            }
        }
        assertEquals(List.of("FV/1/2026", "FV/2/2026", "FV/3/2026", "FV/4/2026", "FV/5/2026"), invoiceNumbers);
    }
}
