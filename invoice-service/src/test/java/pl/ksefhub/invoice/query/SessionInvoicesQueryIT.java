package pl.ksefhub.invoice.query;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pl.ksefhub.invoice.support.InvoiceSamples;
import pl.ksefhub.invoice.support.TestSession;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.TestTokens;

import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Session invoice lists (pages, continuation tokens, failed only), one invoice's status, invoice download. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_invoice"))
class SessionInvoicesQueryIT {

    private static final int INVOICES = 12;

    @Inject
    PlatformKeys keys;

    private static TestSession session;
    private static List<String> sent;
    private static String failed;

    @BeforeEach
    void sendTwelveInvoicesOnce() {
        if (session != null) {
            return;
        }
        session = TestSession.fa3(keys).announceAndAwait();
        sent = new ArrayList<>();
        for (int i = 0; i < INVOICES - 1; i++) {
            sent.add(session.send(InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber())));
        }
        failed = session.send(InvoiceSamples.fa3(TestSession.randomNip(), InvoiceSamples.uniqueNumber()));
        sent.add(failed);
        sent.forEach(session::awaitFinalStatus);
    }

    @Test
    void invoicesComeInPagesLinkedByAContinuationToken() {
        Response first = list("/v2/sessions/{ref}/invoices", null, null);
        first.then().statusCode(200).body("invoices", hasSize(10)).body("continuationToken", notNullValue())
                .body("invoices[0].ordinalNumber", equalTo(1))
                .body("invoices[0].status.code", equalTo(200))
                .body("invoices[0].ksefNumber", notNullValue());
        String token = first.path("continuationToken");
        list("/v2/sessions/{ref}/invoices", null, token).then().statusCode(200)
                .body("invoices", hasSize(2))
                .body("invoices.ordinalNumber", contains(11, 12))
                .body("continuationToken", nullValue());
    }

    @Test
    void aLargerPageHoldsEverything() {
        list("/v2/sessions/{ref}/invoices", "1000", null).then().statusCode(200)
                .body("invoices", hasSize(INVOICES)).body("continuationToken", nullValue())
                .body("invoices.referenceNumber", equalTo(sent));
    }

    @Test
    void theFailedListHoldsOnlyFailedInvoices() {
        list("/v2/sessions/{ref}/invoices/failed", null, null).then().statusCode(200)
                .body("invoices", hasSize(1))
                .body("invoices[0].referenceNumber", equalTo(failed))
                .body("invoices[0].status.code", equalTo(410))
                .body("invoices[0].ksefNumber", nullValue())
                .body("invoices[0].invoiceNumber", nullValue());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aTamperedContinuationTokenIs21418(boolean problemDetails) {
        String token = list("/v2/sessions/{ref}/invoices", null, null).path("continuationToken");
        String tampered = token.substring(0, 5) + (token.charAt(5) == 'A' ? 'B' : 'A') + token.substring(6);
        Response response = given().header("Authorization", "Bearer " + session.token)
                .header("x-continuation-token", tampered)
                .header("X-Error-Format", problemDetails ? "problem-details" : "legacy")
                .get("/v2/sessions/{ref}/invoices", session.referenceNumber);
        response.then().statusCode(400);
        assertEquals(21418, (Integer) response.path(problemDetails ? "errors[0].code"
                : "exception.exceptionDetailList[0].exceptionCode"));
        assertEquals("Przekazany token kontynuacji ma nieprawidłowy format.", response.path(problemDetails
                ? "errors[0].description" : "exception.exceptionDetailList[0].exceptionDescription"));
    }

    @Test
    void aTokenOfTheOtherListIs21418() {
        String token = list("/v2/sessions/{ref}/invoices", null, null).path("continuationToken");
        list("/v2/sessions/{ref}/invoices/failed", null, token).then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21418));
        list("/v2/sessions/{ref}/invoices", null, "garbage").then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21418));
    }

    @Test
    void aPageSizeOutOfRangeIs21405() {
        list("/v2/sessions/{ref}/invoices", "5", null).then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405))
                .body("exception.exceptionDetailList[0].details",
                        contains("'pageSize' must be between 10 and 1000. You entered 5."));
        list("/v2/sessions/{ref}/invoices/failed", "1001", null).then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405));
        list("/v2/sessions/{ref}/invoices", "ten", null).then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v2/sessions/{ref}/invoices", "/v2/sessions/{ref}/invoices/failed"})
    void anotherContextsSessionIs21173(String path) {
        given().header("Authorization", "Bearer " + TestTokens.accessToken(TestSession.randomNip()))
                .get(path, session.referenceNumber).then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21173))
                .body("exception.exceptionDetailList[0].details", contains("Sesja o numerze referencyjnym "
                        + session.referenceNumber + " nie została znaleziona."));
    }

    @Test
    void anInvoiceStatusOfAnotherContextIs21173AndAnUnknownInvoiceIs21405() {
        given().header("Authorization", "Bearer " + TestTokens.accessToken(TestSession.randomNip()))
                .get("/v2/sessions/{ref}/invoices/{inv}", session.referenceNumber, sent.get(0)).then()
                .statusCode(400).body("exception.exceptionDetailList[0].exceptionCode", equalTo(21173));
        session.status(ReferenceNumbers.next(ReferenceNumbers.INVOICE)).statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405));
    }

    @Test
    void introspectionMayListButInvoiceReadMayNot() {
        given().header("Authorization", "Bearer " + TestTokens.accessToken(session.nip, "Introspection"))
                .get("/v2/sessions/{ref}/invoices", session.referenceNumber).then().statusCode(200);
        given().header("Authorization", "Bearer " + TestTokens.accessToken(session.nip, "InvoiceRead"))
                .get("/v2/sessions/{ref}/invoices", session.referenceNumber).then().statusCode(403)
                .body("reasonCode", equalTo("missing-permissions"));
        given().get("/v2/sessions/{ref}/invoices", session.referenceNumber).then().statusCode(401);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anUnknownKsefNumberIs21164(boolean problemDetails) {
        String unknown = "5265877635-20250826-0100001AF629-AF";
        Response response = given().header("Authorization", "Bearer " + TestTokens.accessToken(session.nip,
                        "InvoiceRead"))
                .header("X-Error-Format", problemDetails ? "problem-details" : "legacy")
                .get("/v2/invoices/ksef/{n}", unknown);
        response.then().statusCode(400);
        assertEquals(21164, (Integer) response.path(problemDetails ? "errors[0].code"
                : "exception.exceptionDetailList[0].exceptionCode"));
        assertEquals(List.of("Faktura o numerze KSeF " + unknown + " nie została znaleziona."),
                response.path(problemDetails ? "errors[0].details" : "exception.exceptionDetailList[0].details"));
    }

    @Test
    void anInvoiceIsNotReadableByAnUnrelatedContextAndAMalformedNumberIs21405() {
        String ksefNumber = session.status(sent.get(0)).extract().path("ksefNumber");
        given().header("Authorization", "Bearer " + TestTokens.accessToken(TestSession.randomNip(), "InvoiceRead"))
                .get("/v2/invoices/ksef/{n}", ksefNumber).then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21164));
        given().header("Authorization", "Bearer " + TestTokens.accessToken("3861610227", "InvoiceRead"))
                .get("/v2/invoices/ksef/{n}", ksefNumber).then().statusCode(200)
                .contentType(startsWith("application/xml"));
        given().header("Authorization", "Bearer " + TestTokens.accessToken(session.nip, "InvoiceRead"))
                .get("/v2/invoices/ksef/{n}", "not-a-number").then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405));
        given().header("Authorization", "Bearer " + TestTokens.accessToken(session.nip, "InvoiceWrite"))
                .get("/v2/invoices/ksef/{n}", ksefNumber).then().statusCode(403)
                .body("security.requiredAnyOfPermissions", hasItem("InvoiceRead"));
    }

    private static Response list(String path, String pageSize, String token) {
        var request = given().header("Authorization", "Bearer " + session.token);
        if (pageSize != null) {
            request = request.queryParam("pageSize", pageSize);
        }
        if (token != null) {
            request = request.header("x-continuation-token", token);
        }
        return request.get(path, session.referenceNumber);
    }
}
