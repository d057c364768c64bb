package pl.ksefhub.session.deletion;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import pl.ksefhub.platform.keys.KeyUsage;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.SessionKeyWrapping;
import pl.ksefhub.testsupport.TestInfrastructure;
import pl.ksefhub.testsupport.TestTokens;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Sessions brought to a final state by the events the other services would publish, and the DELETE call. */
final class DeletionFixtures {

    private final PlatformKeys keys;

    DeletionFixtures(PlatformKeys keys) {
        this.keys = keys;
    }

    String open(String nip) {
        Map<String, Object> body = Map.of(
                "formCode", Map.of("systemCode", "FA (3)", "schemaVersion", "1-0E", "value", "FA"),
                "encryption", Map.of("encryptedSymmetricKey", wrappedKey(), "initializationVector", iv(),
                        "publicKeyId", keys.publicKeyId(KeyUsage.SymmetricKeyEncryption)));
        return given().auth().oauth2(TestTokens.accessToken(nip)).contentType(ContentType.JSON).body(body)
                .post("/v2/sessions/online").then().statusCode(201).extract().path("referenceNumber");
    }

    void close(String nip, String reference) {
        given().auth().oauth2(TestTokens.accessToken(nip)).post("/v2/sessions/online/{ref}/close", reference)
                .then().statusCode(204);
    }

    /** An online session with one accepted invoice, its session UPO generated: 200. */
    String processedWithOneAcceptedInvoice(String nip) {
        String reference = open(nip);
        String invoice = "{\"referenceNumber\":\"" + reference + "\"}";
        KafkaProbe.publish("ksef.invoice.events", reference, "ksef.invoice.received.v1", invoice);
        KafkaProbe.publish("ksef.invoice.events", reference, "ksef.invoice.accepted.v1", invoice);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> status(nip, reference)
                .body("successfulInvoiceCount", equalTo(1)));
        close(nip, reference);
        KafkaProbe.publish("ksef.invoice.events", reference, "ksef.session.invoices-settled.v1",
                settled(reference, 1, 1, 0));
        KafkaProbe.publish("ksef.upo.events", reference, "ksef.upo.generated.v1", "{\"referenceNumber\":\""
                + reference + "\",\"scope\":\"session\",\"pages\":[{\"referenceNumber\":\"" + reference
                + "-EU\",\"downloadUrl\":\"http://localhost:8080/storage/upo/x\","
                + "\"downloadUrlExpirationDate\":\"2030-01-01T00:00:00Z\"}]}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> status(nip, reference)
                .body("status.code", equalTo(200)));
        return reference;
    }

    /** A closed session without invoices: 440 once invoice-service's settlement (published here) came. */
    String cancelledWithoutInvoices(String nip) {
        String reference = open(nip);
        close(nip, reference); // answers after a short wait for the settlement, at 170
        KafkaProbe.publish("ksef.invoice.events", reference, "ksef.session.invoices-settled.v1",
                settled(reference, 0, 0, 0));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> status(nip, reference)
                .body("status.code", equalTo(440)));
        return reference;
    }

    ValidatableResponse delete(String nip, String reference) {
        return given().auth().oauth2(TestTokens.accessToken(nip)).delete("/v2/sessions/{ref}", reference).then();
    }

    ValidatableResponse status(String nip, String reference) {
        return given().auth().oauth2(TestTokens.accessToken(nip)).get("/v2/sessions/{ref}", reference).then();
    }

    static String settled(String reference, int total, int ok, int failed) {
        return "{\"referenceNumber\":\"" + reference + "\",\"totalInvoiceCount\":" + total
                + ",\"successfulInvoiceCount\":" + ok + ",\"failedInvoiceCount\":" + failed + "}";
    }

    /** A {@code select count(*)} in the session database, with one text parameter. */
    static long count(String sql, String value) throws Exception {
        try (Connection db = DriverManager.getConnection(TestInfrastructure.database("ksef_session"),
                TestInfrastructure.pgUser(), TestInfrastructure.pgPassword());
             PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, value);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private String wrappedKey() {
        return SessionKeyWrapping.wrappedRandomKey(keys);
    }

    private static String iv() {
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(iv);
        return Base64.getEncoder().encodeToString(iv);
    }
}
