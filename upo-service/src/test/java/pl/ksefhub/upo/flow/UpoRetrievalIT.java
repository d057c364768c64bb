package pl.ksefhub.upo.flow;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.TestTokens;
import pl.ksefhub.upo.document.UpoFixtures;
import pl.ksefhub.upo.retrieval.DownloadLinks;

import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three authenticated UPO endpoints and the anonymous download URL, over a session driven through Kafka. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_upo"))
class UpoRetrievalIT {

    private static final String PROBLEM_DETAILS = "problem-details";

    @Inject
    DownloadLinks links;

    private static Scenario scenario() {
        return Scenario.shared();
    }

    private static RequestSpecification as(String nip) {
        return given().header("Authorization", "Bearer " + TestTokens.accessToken(nip));
    }

    private static RequestSpecification asOwner() {
        return as(scenario().nip);
    }

    private static String invoiceUpoPath(String session, String invoiceRef) {
        return "/v2/sessions/" + session + "/invoices/" + invoiceRef + "/upo";
    }

    private static String ksefUpoPath(String session, String ksefNumber) {
        return "/v2/sessions/" + session + "/invoices/ksef/" + ksefNumber + "/upo";
    }

    private static String sessionUpoPath(String session, String upoRef) {
        return "/v2/sessions/" + session + "/upo/" + upoRef;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static void assertServedUpo(Response response) throws Exception {
        response.then().statusCode(200).contentType(startsWith("application/xml"));
        byte[] body = response.asByteArray();
        assertEquals(sha256(body), response.header("x-ms-meta-hash"));
        assertTrue(UpoFixtures.signatureIsValid(body), "signature verifies over the served bytes");
        UpoFixtures.validateAgainstSchema(body);
    }

    @Test
    void invoiceUpoIsServedByInvoiceReferenceAsSignedXmlWithItsHash() throws Exception {
        Scenario.Invoice invoice = scenario().invoice(2);

        Response response = asOwner().get(invoiceUpoPath(scenario().session, invoice.referenceNumber()));

        assertServedUpo(response);
        byte[] body = response.asByteArray();
        assertEquals(invoice.ksefNumber(), UpoFixtures.text(body, "NumerKSeFDokumentu"));
        assertEquals(scenario().session, UpoFixtures.text(body, "NumerReferencyjnySesji"));
        assertEquals(scenario().nip, UpoFixtures.text(body, "Nip"));
        assertEquals(TestEvents.TOKEN_REF, UpoFixtures.text(body, "NumerReferencyjnyTokenaKSeF"));
        assertEquals("FV/2/2026", UpoFixtures.text(body, "NumerFaktury"));
        assertEquals("2026-11-24T11:15:30.123+01:00", UpoFixtures.text(body, "DataPrzeslaniaDokumentu"));
        assertNull(UpoFixtures.text(body, "OpisPotwierdzenia"));
        assertEquals(1, UpoFixtures.count(body, "Dokument"));
    }

    @Test
    void invoiceUpoByKsefNumberIsTheSameDocument() throws Exception {
        Scenario.Invoice invoice = scenario().invoice(1);
        byte[] byReference = asOwner().get(invoiceUpoPath(scenario().session, invoice.referenceNumber()))
                .asByteArray();

        Response response = asOwner().get(ksefUpoPath(scenario().session, invoice.ksefNumber()));

        assertServedUpo(response);
        assertArrayEquals(byReference, response.asByteArray());
    }

    @Test
    void sessionUpoListsTheAcceptedInvoicesInOrdinalOrder() throws Exception {
        Response response = asOwner().get(sessionUpoPath(scenario().session, scenario().sessionUpoReference()));

        assertServedUpo(response);
        byte[] body = response.asByteArray();
        assertEquals(3, UpoFixtures.count(body, "Dokument"));
        var numbers = UpoFixtures.parse(body).getElementsByTagNameNS(
                "http://upo.schematy.mf.gov.pl/KSeF/v4-3", "NumerFaktury");
        assertEquals(List.of("FV/1/2026", "FV/2/2026", "FV/3/2026"), List.of(numbers.item(0).getTextContent(),
                numbers.item(1).getTextContent(), numbers.item(2).getTextContent()));
        assertEquals("1", UpoFixtures.text(body, "Strona"));
        assertEquals("1", UpoFixtures.text(body, "LiczbaStron"));
        assertEquals("1", UpoFixtures.text(body, "ZakresDokumentowOd"));
        assertEquals("4", UpoFixtures.text(body, "ZakresDokumentowDo"));
        assertEquals("3", UpoFixtures.text(body, "CalkowitaLiczbaDokumentow"));
    }

    @Test
    void legacyApiPrefixServesTheSameUpo() throws Exception {
        Scenario.Invoice invoice = scenario().invoice(3);
        byte[] expected = asOwner().get(invoiceUpoPath(scenario().session, invoice.referenceNumber())).asByteArray();

        Response response = asOwner().get("/api" + invoiceUpoPath(scenario().session, invoice.referenceNumber()));

        assertServedUpo(response);
        assertArrayEquals(expected, response.asByteArray());
    }

    @Test
    void anonymousDownloadUrlsServeTheSameBytesWithoutAToken() throws Exception {
        Scenario.Invoice invoice = scenario().invoice(3);
        byte[] invoiceUpo = asOwner().get(invoiceUpoPath(scenario().session, invoice.referenceNumber()))
                .asByteArray();
        byte[] sessionUpo = asOwner().get(sessionUpoPath(scenario().session, scenario().sessionUpoReference()))
                .asByteArray();

        Response invoiceDownload = anonymous(scenario().invoiceUpoEvent(3).path("pages").get(0)
                .path("downloadUrl").asText());
        Response sessionDownload = anonymous(scenario().sessionUpoEvent().path("pages").get(0)
                .path("downloadUrl").asText());

        assertServedUpo(invoiceDownload);
        assertArrayEquals(invoiceUpo, invoiceDownload.asByteArray());
        assertServedUpo(sessionDownload);
        assertArrayEquals(sessionUpo, sessionDownload.asByteArray());
    }

    /** The URL names the edge (ksef.public-base-url); the test calls this service directly with its path. */
    private static Response anonymous(String downloadUrl) {
        assertTrue(downloadUrl.startsWith("http://localhost:8080/storage/upo/"), downloadUrl);
        URI uri = URI.create(downloadUrl);
        return given().urlEncodingEnabled(false).get(uri.getRawPath() + "?" + uri.getRawQuery());
    }

    @Test
    void downloadUrlWithAWrongSignatureIsForbidden() {
        String url = scenario().invoiceUpoEvent(1).path("pages").get(0).path("downloadUrl").asText();
        URI uri = URI.create(url);
        String tampered = uri.getRawQuery().replaceFirst("sig=.", "sig=" + (uri.getRawQuery().contains("sig=A")
                ? "B" : "A"));

        given().urlEncodingEnabled(false).get(uri.getRawPath() + "?" + tampered)
                .then().statusCode(403).contentType("application/problem+json")
                .body("status", equalTo(403), "reasonCode", equalTo("invalid-signature"));
        given().get(uri.getRawPath())
                .then().statusCode(403).body("reasonCode", equalTo("invalid-signature"));
    }

    @Test
    void downloadUrlForAnotherUpoIsForbidden() {
        String url = scenario().invoiceUpoEvent(1).path("pages").get(0).path("downloadUrl").asText();
        URI uri = URI.create(url);
        String otherUpo = scenario().invoiceUpoEvent(2).path("pages").get(0).path("referenceNumber").asText();

        given().urlEncodingEnabled(false).get("/storage/upo/" + otherUpo + "?" + uri.getRawQuery())
                .then().statusCode(403).body("reasonCode", equalTo("invalid-signature"));
    }

    @Test
    void expiredDownloadUrlIsForbidden() {
        String upoRef = scenario().sessionUpoReference();
        DownloadLinks.DownloadLink expired = links.create(upoRef, Instant.now().minus(Duration.ofDays(4)));

        Response response = anonymous(expired.url());

        response.then().statusCode(403).contentType("application/problem+json")
                .body("reasonCode", equalTo("url-expired"));
    }

    @Test
    void validDownloadUrlOfAnUnknownUpoIsNotFound() {
        DownloadLinks.DownloadLink link = links.create(TestEvents.invoiceRef().replace("-EE-", "-EU-"),
                Instant.now());

        anonymous(link.url()).then().statusCode(404);
    }

    @Test
    void requestWithoutTokenIsUnauthorized() {
        Scenario.Invoice invoice = scenario().invoice(1);

        for (String path : List.of(invoiceUpoPath(scenario().session, invoice.referenceNumber()),
                ksefUpoPath(scenario().session, invoice.ksefNumber()),
                sessionUpoPath(scenario().session, scenario().sessionUpoReference()))) {
            given().get(path).then().statusCode(401).contentType("application/problem+json")
                    .body("status", equalTo(401), "detail", equalTo("Wymagane jest uwierzytelnienie."));
        }
        given().header("Authorization", "Bearer not-a-jwt")
                .get(sessionUpoPath(scenario().session, scenario().sessionUpoReference()))
                .then().statusCode(401);
    }

    @Test
    void tokenWithoutAnyRequiredPermissionIsForbidden() {
        Scenario.Invoice invoice = scenario().invoice(1);

        given().header("Authorization", "Bearer " + TestTokens.accessToken(scenario().nip, "InvoiceRead"))
                .get(invoiceUpoPath(scenario().session, invoice.referenceNumber()))
                .then().statusCode(403).contentType("application/problem+json")
                .body("reasonCode", equalTo("missing-permissions"),
                        "detail", equalTo("Brak wymaganych uprawnień do wykonania operacji w bieżącym kontekście."),
                        "security.requiredAnyOfPermissions", contains("InvoiceWrite", "Introspection",
                                "PefInvoiceWrite", "EnforcementOperations"),
                        "security.presentPermissions", contains("InvoiceRead"));
    }

    @Test
    void anyOneOfTheRequiredPermissionsIsEnough() {
        Scenario.Invoice invoice = scenario().invoice(1);

        for (String permission : List.of("InvoiceWrite", "Introspection", "PefInvoiceWrite",
                "EnforcementOperations")) {
            given().header("Authorization", "Bearer " + TestTokens.accessToken(scenario().nip, permission))
                    .get(invoiceUpoPath(scenario().session, invoice.referenceNumber()))
                    .then().statusCode(200);
        }
    }

    @Test
    void invoiceUposOfAnotherContextAreNotFound() {
        Scenario.Invoice invoice = scenario().invoice(1);
        String stranger = TestEvents.nip();

        as(stranger).get(invoiceUpoPath(scenario().session, invoice.referenceNumber()))
                .then().statusCode(400).contentType("application/json")
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21178));
        as(stranger).header("X-Error-Format", PROBLEM_DETAILS)
                .get(ksefUpoPath(scenario().session, invoice.ksefNumber()))
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].code", equalTo(21178));
    }

    @Test
    void sessionUpoOfAnotherContextIsAnUnknownSession() {
        as(TestEvents.nip()).get(sessionUpoPath(scenario().session, scenario().sessionUpoReference()))
                .then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21173));
    }

    @Test
    void unknownInvoiceUpoIs21178InBothErrorFormats() {
        String unknown = TestEvents.invoiceRef();

        asOwner().get(invoiceUpoPath(scenario().session, unknown))
                .then().statusCode(400).contentType("application/json")
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21178),
                        "exception.exceptionDetailList[0].exceptionDescription",
                        equalTo("Nie znaleziono UPO dla podanych kryteriów."),
                        "exception.exceptionDetailList[0].details[0]", containsString(unknown),
                        "exception.serviceName", equalTo("upo-service"));
        asOwner().header("X-Error-Format", PROBLEM_DETAILS).get(invoiceUpoPath(scenario().session, unknown))
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Bad Request"), "status", equalTo(400),
                        "detail", equalTo("Żądanie jest nieprawidłowe."),
                        "errors[0].code", equalTo(21178),
                        "errors[0].description", equalTo("Nie znaleziono UPO dla podanych kryteriów."));
    }

    @Test
    void unknownKsefNumberIs21178WithTheSpecDetail() {
        String unknown = TestEvents.ksefNumber(scenario().nip);

        asOwner().get(ksefUpoPath(scenario().session, unknown))
                .then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21178),
                        "exception.exceptionDetailList[0].details[0]", equalTo("UPO o numerze KSeF " + unknown
                                + " i numerze referencyjnym sesji " + scenario().session
                                + " nie zostało znalezione."));
    }

    @Test
    void unknownUpoOfAKnownSessionIs21178() {
        String unknown = TestEvents.invoiceRef().replace("-EE-", "-EU-");

        asOwner().header("X-Error-Format", PROBLEM_DETAILS).get(sessionUpoPath(scenario().session, unknown))
                .then().statusCode(400).body("errors[0].code", equalTo(21178),
                        "errors[0].details[0]", equalTo("UPO o numerze referencyjnym " + unknown + " dla sesji "
                                + scenario().session + " nie zostało znalezione."));
        // An invoice UPO is not a page of the session UPO.
        String invoiceUpo = scenario().invoiceUpoEvent(1).path("pages").get(0).path("referenceNumber").asText();
        asOwner().get(sessionUpoPath(scenario().session, invoiceUpo))
                .then().statusCode(400).body("exception.exceptionDetailList[0].exceptionCode", equalTo(21178));
    }

    @Test
    void unknownSessionIs21173InBothErrorFormats() {
        String session = TestEvents.sessionRef();
        String upo = TestEvents.invoiceRef().replace("-EE-", "-EU-");

        asOwner().get(sessionUpoPath(session, upo))
                .then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21173),
                        "exception.exceptionDetailList[0].exceptionDescription",
                        equalTo("Brak sesji o wskazanym numerze referencyjnym."),
                        "exception.exceptionDetailList[0].details[0]",
                        equalTo("Sesja o numerze referencyjnym " + session + " nie została znaleziona."));
        asOwner().header("X-Error-Format", PROBLEM_DETAILS).get(sessionUpoPath(session, upo))
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].code", equalTo(21173));
    }

    @Test
    void sessionAnnouncedBySessionServiceIsKnownBeforeAnyInvoice() {
        String nip = TestEvents.nip();
        String session = TestEvents.sessionRef();
        String upo = TestEvents.invoiceRef().replace("-EE-", "-EU-");
        KafkaEvents.publish(TestEvents.SESSION_EVENTS, session, TestEvents.SESSION_OPENED, KafkaEvents.newEventId(),
                TestEvents.sessionOpened(session, nip));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(nip).get(sessionUpoPath(session, upo))
                .then().statusCode(400).body("exception.exceptionDetailList[0].exceptionCode", equalTo(21178)));
        as(TestEvents.nip()).get(sessionUpoPath(session, upo))
                .then().statusCode(400).body("exception.exceptionDetailList[0].exceptionCode", equalTo(21173));
    }

    @Test
    void malformedPathParametersAre21405() {
        asOwner().get(invoiceUpoPath(scenario().session, "too-short"))
                .then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405),
                        "exception.exceptionDetailList[0].exceptionDescription",
                        equalTo("Błąd walidacji danych wejściowych."),
                        "exception.exceptionDetailList[0].details",
                        hasItem("'invoiceReferenceNumber' must be 36 characters in length. You entered 9 characters."));
        asOwner().header("X-Error-Format", PROBLEM_DETAILS)
                .get(ksefUpoPath(scenario().session, "0265877635-20261124-0100001AF629-AF"))
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].code", equalTo(21405),
                        "errors[0].details[0]", equalTo("'ksefNumber' is not in the correct format."));
        asOwner().get(sessionUpoPath("20261124-SO-0000000001", scenario().sessionUpoReference()))
                .then().statusCode(400).body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405));
    }

    @Test
    void invoiceUpoRequestedBeforeItExistsIsAnsweredOnceItDoes() throws Exception {
        String nip = TestEvents.nip();
        String session = TestEvents.sessionRef();
        String invoiceRef = TestEvents.invoiceRef();
        String ksefNumber = TestEvents.ksefNumber(nip);
        // Published a moment after the request: the invoice is accepted while the request waits for its UPO.
        CompletableFuture<Void> publication = CompletableFuture.runAsync(() -> KafkaEvents.publish(
                TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICE_ACCEPTED, KafkaEvents.newEventId(),
                TestEvents.invoiceAccepted(session, invoiceRef, 1, ksefNumber, nip, null)),
                CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));

        Response response = as(nip).get(invoiceUpoPath(session, invoiceRef));

        publication.get(10, TimeUnit.SECONDS);
        assertServedUpo(response);
        assertEquals(ksefNumber, UpoFixtures.text(response.asByteArray(), "NumerKSeFDokumentu"));
    }
}
