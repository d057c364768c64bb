package pl.ksefhub.invoice.qr;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import pl.ksefhub.invoice.support.InvoiceSamples;
import pl.ksefhub.invoice.support.TestSession;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.testsupport.KsefTestResource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** KOD I links built as kody-qr.md says, verified without a token. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_invoice"))
class InvoiceLinksIT {

    @Inject
    PlatformKeys keys;

    @Test
    void aLinkToAnAcceptedInvoiceVerifiesWithItsKsefNumber() throws Exception {
        TestSession seller = TestSession.fa3(keys).announceAndAwait();
        String invoiceNumber = InvoiceSamples.uniqueNumber();
        byte[] xml = InvoiceSamples.fa3(seller.nip, invoiceNumber).getBytes(StandardCharsets.UTF_8);
        String invoiceRef = seller.send(new String(xml, StandardCharsets.UTF_8));
        assertEquals(200, seller.awaitFinalStatus(invoiceRef));
        String ksefNumber = seller.status(invoiceRef).extract().path("ksefNumber");
        String hash = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(xml));
        String issued = LocalDate.now(ZoneId.of("Europe/Warsaw")).format(InvoiceLinks.LINK_DATE);

        given().accept(ContentType.JSON).get("/v2/qr/invoice/{nip}/{date}/{hash}", seller.nip, issued, hash).then().statusCode(200)
                .body("verified", equalTo(true))
                .body("ksefNumber", equalTo(ksefNumber))
                .body("invoiceNumber", containsString(invoiceNumber))
                .body("issueDate", equalTo(LocalDate.now(ZoneId.of("Europe/Warsaw")).toString()))
                .body("sellerNip", equalTo(seller.nip))
                .body("problems", empty());

        String otherDay = LocalDate.now(ZoneId.of("Europe/Warsaw")).minusDays(3).format(InvoiceLinks.LINK_DATE);
        given().accept(ContentType.JSON).get("/v2/qr/invoice/{nip}/{date}/{hash}", seller.nip, otherDay, hash).then().statusCode(200)
                .body("verified", equalTo(false))
                .body("problems", contains("Data wystawienia w linku nie jest datą wystawienia faktury."));

        // A phone's browser, or a client that asks for nothing in particular, gets the page in the Ministry's words.
        given().get("/v2/qr/invoice/{nip}/{date}/{hash}", seller.nip, issued, hash).then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("Faktura znajduje się w KSeF"), containsString(ksefNumber),
                        containsString("Dane w linku są zgodne z fakturą"));
        given().accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .get("/v2/qr/invoice/{nip}/{date}/{hash}", seller.nip, otherDay, hash).then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("Faktura znajduje się w KSeF"),
                        containsString("Dane w linku nie są zgodne z fakturą"),
                        containsString("Data wystawienia w linku nie jest datą wystawienia faktury."));
    }

    @Test
    void thePageOfAnUnknownInvoiceSaysSoAndShowsTheLinkAsTextNeverAsMarkup() {
        String unknownHash = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        given().get("/v2/qr/invoice/{nip}/{date}/{hash}", TestSession.randomNip(), "01-02-2026", unknownHash)
                .then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("Faktura nie została znaleziona w KSeF"),
                        not(containsString("Faktura znajduje się w KSeF")));
        given().get("/v2/qr/invoice/{nip}/{date}/{hash}", "<img src=x onerror=alert(1)>", "01-02-2026", unknownHash)
                .then().statusCode(200)
                .body(containsString("&lt;img src=x onerror=alert(1)&gt;"), not(containsString("<img")));
    }

    @Test
    void aLinkToNoInvoiceOfOursOrAMalformedOneDoesNotVerify() {
        String nip = TestSession.randomNip();
        String unknownHash = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        given().accept(ContentType.JSON).get("/v2/qr/invoice/{nip}/{date}/{hash}", nip, "01-02-2026", unknownHash).then().statusCode(200)
                .body("verified", equalTo(false))
                .body("ksefNumber", nullValue())
                .body("problems", contains("Faktura o podanych danych nie znajduje się w KSeF."));
        given().accept(ContentType.JSON).get("/v2/qr/invoice/{nip}/{date}/{hash}", nip, "2026-02-01", "not-a-hash").then().statusCode(200)
                .body("verified", equalTo(false))
                .body("problems", contains("Data wystawienia nie jest w formacie DD-MM-RRRR.",
                        "Skrót faktury nie jest skrótem SHA-256 w formacie Base64URL."));
    }
}
