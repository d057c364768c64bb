package pl.ksefhub.session.ticket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import pl.ksefhub.platform.auth.AuthConfig;
import pl.ksefhub.platform.auth.JwtCodec;
import pl.ksefhub.platform.auth.TokenType;
import pl.ksefhub.session.auth.AuthClient;
import pl.ksefhub.session.auth.AuthTestData;
import pl.ksefhub.session.auth.KsefToken;
import pl.ksefhub.session.auth.KsefTokens;
import pl.ksefhub.session.security.TokenSigningKey;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.TestTokens;

import javax.sql.DataSource;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /v2/tickets/{contextNip}} (seed 003, adapted to KSeF tokens): every answer and refusal, JSON and XML
 * both ways, each real answer checked against the schema this service publishes.
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class TokenTicketIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NS = "https://ksef-hub.pl/schemas/ticket/v1";
    private static final String VALIDATION = "Błąd walidacji danych wejściowych.";

    @Inject
    DataSource dataSource;
    @Inject
    TokenSigningKey signingKey;
    @Inject
    AuthConfig authConfig;

    @Test
    void aKsefTokenTicketInJsonSaysWhoTheTokenIs() throws Exception {
        String nip = AuthTestData.randomNip();
        KsefTokens.GeneratedToken token = insertToken(nip, KsefToken.Status.Active);

        // No Accept: JSON.
        String body = given().auth().oauth2(TestTokens.accessToken(nip)).contentType(ContentType.JSON)
                .body(Map.of("data", token.token())).post("/v2/tickets/{nip}", nip).then().statusCode(200)
                .contentType(startsWith("application/json"))
                .body("referenceNumber", equalTo(token.referenceNumber()))
                .body("tokenType", equalTo("KsefToken"))
                .body("contextIdentifier.type", equalTo("Nip"))
                .body("contextIdentifier.value", equalTo(nip))
                .body("authorIdentifier.type", equalTo("Nip"))
                .body("authorIdentifier.value", equalTo(nip))
                .body("permissions", contains("InvoiceRead", "InvoiceWrite"))
                .body("status", equalTo("Active"))
                .body("$", hasKey("validUntil"))
                .body("validUntil", nullValue())
                .body("hasExpired", equalTo(false))
                .extract().asString();
        assertMatchesJsonSchema("token-ticket.v1.json", body);
    }

    @Test
    void basicAuthenticationWithAKsefTokenOfTheNipAndXmlBothWays() throws Exception {
        String nip = AuthTestData.randomNip();
        KsefTokens.GeneratedToken login = insertToken(nip, KsefToken.Status.Active);
        KsefTokens.GeneratedToken revoked = insertToken(nip, KsefToken.Status.Revoked);

        String xml = postXml(given().auth().preemptive().basic(nip, login.token()).accept(ContentType.XML), nip,
                revoked.token()).statusCode(200).contentType(startsWith("application/xml")).extract().asString();
        assertMatchesXsd(xml);
        Element ticket = parse(xml).getDocumentElement();
        assertEquals("TokenTicket", ticket.getLocalName());
        assertEquals(NS, ticket.getNamespaceURI());
        assertEquals(revoked.referenceNumber(), text(ticket, "ReferenceNumber"));
        assertEquals("KsefToken", text(ticket, "TokenType"));
        assertEquals(nip, text(child(ticket, "ContextIdentifier"), "Value"));
        assertEquals("Nip", text(child(ticket, "AuthorIdentifier"), "Type"));
        assertEquals(List.of("InvoiceRead", "InvoiceWrite"), texts(child(ticket, "Permissions"), "Permission"));
        assertEquals("Revoked", text(ticket, "Status"));
        assertNull(child(ticket, "ValidUntil"), "KSeF tokens do not expire");
        assertEquals("false", text(ticket, "HasExpired"));
    }

    @Test
    void jsonInXmlOutAndXmlInJsonOut() throws Exception {
        String nip = AuthTestData.randomNip();
        KsefTokens.GeneratedToken token = insertToken(nip, KsefToken.Status.Active);

        String xml = given().auth().oauth2(TestTokens.accessToken(nip)).accept(ContentType.XML)
                .contentType(ContentType.JSON).body(Map.of("data", token.token())).post("/v2/tickets/{nip}", nip)
                .then().statusCode(200).contentType(startsWith("application/xml")).extract().asString();
        assertMatchesXsd(xml);
        assertEquals(token.referenceNumber(), text(parse(xml).getDocumentElement(), "ReferenceNumber"));

        String json = postXml(given().auth().oauth2(TestTokens.accessToken(nip)).accept(ContentType.JSON), nip,
                token.token()).statusCode(200).contentType(startsWith("application/json"))
                .body("referenceNumber", equalTo(token.referenceNumber()))
                .body("hasExpired", equalTo(false))
                .extract().asString();
        assertMatchesJsonSchema("token-ticket.v1.json", json);
    }

    @Test
    void anAccessTokenTicketNamesItsAuthenticationItsPermissionsAndItsExpiry() throws Exception {
        String nip = AuthTestData.randomNip();
        KsefTokens.GeneratedToken ksefToken = insertToken(nip, KsefToken.Status.Active);
        String accessToken = AuthClient.login(nip, ksefToken.token()).accessToken();
        JsonNode claims = claims(accessToken);

        String json = ticket(given().auth().preemptive().basic(nip, ksefToken.token()), nip, accessToken)
                .statusCode(200)
                .body("referenceNumber", equalTo(claims.get("arn").asText()))
                .body("tokenType", equalTo("AccessToken"))
                .body("contextIdentifier.type", equalTo("Nip"))
                .body("contextIdentifier.value", equalTo(nip))
                .body("authorIdentifier.type", equalTo("Nip"))
                .body("authorIdentifier.value", equalTo(nip))
                .body("permissions", contains("InvoiceRead", "InvoiceWrite"))
                .body("status", equalTo("Active"))
                .body("hasExpired", equalTo(false))
                .extract().asString();
        assertMatchesJsonSchema("token-ticket.v1.json", json);
        assertEquals(claims.get("exp").asLong(),
                OffsetDateTime.parse(JSON.readTree(json).get("validUntil").asText()).toEpochSecond());

        // Its authentication session revoked, the token still works until it expires (KSeF), but the ticket says so.
        given().auth().oauth2(accessToken).delete("/v2/auth/sessions/current").then().statusCode(204);
        String xml = postXml(given().auth().oauth2(TestTokens.accessToken(nip)).accept(ContentType.XML), nip,
                accessToken).statusCode(200).extract().asString();
        assertMatchesXsd(xml);
        Element ticket = parse(xml).getDocumentElement();
        assertEquals("Revoked", text(ticket, "Status"));
        assertEquals(claims.get("exp").asLong(), OffsetDateTime.parse(text(ticket, "ValidUntil")).toEpochSecond());
        assertEquals("false", text(ticket, "HasExpired"));
    }

    @Test
    void anExpiredAccessTokenIsStillKnownAndHasExpired() throws Exception {
        String nip = AuthTestData.randomNip();
        long exp = Instant.now().minusSeconds(60).getEpochSecond();
        String expired = signed(TokenType.ContextToken, nip, exp);

        String json = ticket(given().auth().oauth2(TestTokens.accessToken(nip)), nip, expired).statusCode(200)
                .body("tokenType", equalTo("AccessToken"))
                .body("permissions", contains("InvoiceWrite"))
                .body("hasExpired", equalTo(true))
                .extract().asString();
        assertMatchesJsonSchema("token-ticket.v1.json", json);
        assertEquals(exp, OffsetDateTime.parse(JSON.readTree(json).get("validUntil").asText()).toEpochSecond());
    }

    @Test
    void aCallerOfAnotherContextIsRefusedWith403AndAnotherContextsTokenIsUnknown() throws Exception {
        String nip = AuthTestData.randomNip();
        String other = AuthTestData.randomNip();
        KsefTokens.GeneratedToken own = insertToken(nip, KsefToken.Status.Active);
        KsefTokens.GeneratedToken foreign = insertToken(other, KsefToken.Status.Active);

        // Another context's token answers as one never issued: the answer does not tell that it exists.
        String never = KsefTokens.generate("Nip", other).token();
        for (String data : new String[]{foreign.token(), TestTokens.accessToken(other), never}) {
            ticket(given().auth().oauth2(TestTokens.accessToken(nip)), nip, data).statusCode(404)
                    .body("exception.exceptionDetailList[0].exceptionCode", equalTo(404));
        }
        // The caller acts in another context than the one asked about.
        assertForbidden(ticket(given().auth().oauth2(TestTokens.accessToken(other)), nip, own.token()));
        assertForbidden(ticket(given().auth().preemptive().basic(other, foreign.token()), nip, own.token()));
    }

    @Test
    void anUnknownTokenIs404() throws Exception {
        String nip = AuthTestData.randomNip();
        String[] unknown = {
                KsefTokens.generate("Nip", nip).token(),   // of the format, never issued
                "no token at all",
                tampered(TestTokens.accessToken(nip)),     // a signature that does not match
                TestTokens.token(TokenType.AuthenticationToken, nip, TestTokens.randomAuthReference())};
        for (String data : unknown) {
            ticket(given().auth().oauth2(TestTokens.accessToken(nip)), nip, data).statusCode(404)
                    .contentType(startsWith("application/json"))
                    .body("exception.serviceName", equalTo("session-service"))
                    .body("exception.exceptionDetailList", hasSize(1))
                    .body("exception.exceptionDetailList[0].exceptionCode", equalTo(404))
                    .body("exception.exceptionDetailList[0].exceptionDescription", equalTo("Nie znaleziono tokena."));
        }
    }

    @Test
    void malformedRequestsAre400WithTheValidationMessages() {
        String nip = AuthTestData.randomNip();
        String bearer = TestTokens.accessToken(nip);
        assertValidation(postJson(bearer, nip, "{}"), "'data' must not be empty.");
        assertValidation(postJson(bearer, nip, "{\"data\": \"  \"}"), "'data' must not be empty.");
        assertValidation(postJson(bearer, nip, "{\"data\": "), "Nieprawidłowy format JSON.");
        assertValidation(postJson(bearer, nip, "{\"data\": {\"token\": 1}}"), "'data' has an invalid type.");
        assertValidation(postJson(bearer, nip, "{\"data\": \"" + "x".repeat(4097) + "\"}"),
                "The length of 'data' must be 4096 characters or fewer. You entered 4097 characters.");
        assertValidation(postJson(bearer, "123", "{\"data\": \"x\"}"), "'contextNip' is not a valid NIP: '123'.");

        assertXmlRefused(bearer, nip, "<TokenTicketRequest xmlns=\"" + NS + "\"></TokenTicketRequest>",
                "cvc-complex-type.2.4.b");
        assertXmlRefused(bearer, nip, "<TokenTicketRequest xmlns=\"" + NS + "\"><Data></Data></TokenTicketRequest>",
                "cvc-minLength-valid");
        assertXmlRefused(bearer, nip, "<TokenTicketRequest><Data>x</Data></TokenTicketRequest>", "cvc-elt.1.a");
        assertXmlRefused(bearer, nip, "<TokenTicketRequest xmlns=\"" + NS + "\"><Data>x</Data>",
                "Nieprawidłowy format XML");
        assertXmlRefused(bearer, nip, "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<TokenTicketRequest xmlns=\"" + NS + "\"><Data>&e;</Data></TokenTicketRequest>",
                "Nieprawidłowy format XML");
    }

    @Test
    void withoutValidCredentialsIt401s() throws Exception {
        String nip = AuthTestData.randomNip();
        KsefTokens.GeneratedToken token = insertToken(nip, KsefToken.Status.Active);
        KsefTokens.GeneratedToken revoked = insertToken(nip, KsefToken.Status.Revoked);
        List<RequestSpecification> callers = new ArrayList<>(List.of(
                given(),
                given().auth().oauth2("not-a-token"),
                given().auth().preemptive().basic(nip, "wrong"),
                given().auth().preemptive().basic(nip, revoked.token()),
                given().header("Authorization", "Basic not*base64"),
                given().header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "no-colon".getBytes(StandardCharsets.UTF_8)))));
        for (RequestSpecification caller : callers) {
            ticket(caller, nip, token.token()).statusCode(401).contentType(startsWith("application/problem+json"))
                    .body("title", equalTo("Unauthorized"))
                    .body("detail", equalTo("Wymagane jest uwierzytelnienie."));
        }
    }

    @Test
    void thePublishedRequestSchemasAcceptWhatTheServiceTakesAndRefuseWhatItRefuses() throws Exception {
        assertMatchesJsonSchema("token-ticket-request.v1.json", "{\"data\": \"abc\"}");
        assertFalse(jsonSchemaErrors("token-ticket-request.v1.json", "{}").isEmpty());
        assertFalse(jsonSchemaErrors("token-ticket-request.v1.json", "{\"data\": \"\"}").isEmpty());
        assertMatchesXsd("<TokenTicketRequest xmlns=\"" + NS + "\"><Data>abc</Data></TokenTicketRequest>");
    }

    private KsefTokens.GeneratedToken insertToken(String nip, KsefToken.Status status) throws Exception {
        return AuthTestData.insertToken(dataSource, "Nip", nip, status, "InvoiceWrite,InvoiceRead");
    }

    private static ValidatableResponse ticket(RequestSpecification caller, String nip, String data) {
        return caller.contentType(ContentType.JSON).body(Map.of("data", data)).post("/v2/tickets/{nip}", nip)
                .then();
    }

    private static ValidatableResponse postJson(String bearer, String nip, String body) {
        return given().auth().oauth2(bearer).contentType(ContentType.JSON).body(body)
                .post("/v2/tickets/{nip}", nip).then();
    }

    private static ValidatableResponse postXml(RequestSpecification caller, String nip, String data) {
        return caller.contentType("application/xml")
                .body("<?xml version=\"1.0\" encoding=\"UTF-8\"?><TokenTicketRequest xmlns=\"" + NS + "\"><Data>"
                        + data + "</Data></TokenTicketRequest>")
                .post("/v2/tickets/{nip}", nip).then();
    }

    private static void assertValidation(ValidatableResponse response, String detail) {
        response.statusCode(400).contentType(startsWith("application/json"))
                .body("exception.exceptionDetailList", hasSize(1))
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405))
                .body("exception.exceptionDetailList[0].exceptionDescription", equalTo(VALIDATION))
                .body("exception.exceptionDetailList[0].details", contains(detail));
    }

    private static void assertXmlRefused(String bearer, String nip, String xml, String detailStart) {
        List<String> details = given().auth().oauth2(bearer).contentType("application/xml").body(xml)
                .post("/v2/tickets/{nip}", nip).then().statusCode(400).contentType(startsWith("application/json"))
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405))
                .body("exception.exceptionDetailList[0].exceptionDescription", equalTo(VALIDATION))
                .body("exception.exceptionDetailList[0].details", org.hamcrest.Matchers.not(empty()))
                .extract().path("exception.exceptionDetailList[0].details");
        assertTrue(details.get(0).startsWith(detailStart), xml + " -> " + details);
    }

    private static void assertForbidden(ValidatableResponse response) {
        response.statusCode(403).contentType(startsWith("application/problem+json"))
                .body("title", equalTo("Forbidden"))
                .body("status", equalTo(403))
                .body("reasonCode", equalTo("insufficient-resource-access"))
                .body("detail", equalTo("Brak dostępu do wskazanego zasobu."));
    }

    private static void assertMatchesJsonSchema(String schemaFile, String json) throws Exception {
        Set<ValidationMessage> errors = jsonSchemaErrors(schemaFile, json);
        assertTrue(errors.isEmpty(), json + " -> " + errors);
    }

    private static Set<ValidationMessage> jsonSchemaErrors(String schemaFile, String json) throws Exception {
        try (InputStream in = TokenTicketIT.class.getResourceAsStream("/schemas/ticket/" + schemaFile)) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in,
                    SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
            return schema.validate(JSON.readTree(json));
        }
    }

    private static void assertMatchesXsd(String xml) throws Exception {
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(TokenTicketIT.class.getResource("/schemas/ticket/token-ticket.v1.xsd"))
                .newValidator().validate(new StreamSource(new StringReader(xml)));
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && NS.equals(element.getNamespaceURI())
                    && name.equals(element.getLocalName())) {
                return element;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        return child(parent, name).getTextContent();
    }

    private static List<String> texts(Element parent, String name) {
        List<String> texts = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getLocalName())) {
                texts.add(element.getTextContent());
            }
        }
        return texts;
    }

    private static JsonNode claims(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    /** One of our access tokens, signed as session-service signs them, with the given expiry. */
    private String signed(TokenType type, String nip, long exp) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", authConfig.issuer());
        claims.put("typ", type.name());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("arn", TestTokens.randomAuthReference());
        claims.put("cit", "Nip");
        claims.put("civ", nip);
        claims.put("sub", nip);
        claims.put("aum", "Token");
        claims.put("per", List.of("InvoiceWrite"));
        claims.put("iat", exp - 900);
        claims.put("exp", exp);
        return JwtCodec.sign(claims, signingKey.keyId(), signingKey.privateKey());
    }

    /** The same claims with one more, under the old signature. */
    private static String tampered(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        Map<?, ?> claims = JSON.readValue(Base64.getUrlDecoder().decode(parts[1]), Map.class);
        Map<Object, Object> changed = new LinkedHashMap<>(claims);
        changed.put("per", List.of("Owner"));
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(changed))
                + "." + parts[2];
    }
}
