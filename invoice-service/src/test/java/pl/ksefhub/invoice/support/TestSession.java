package pl.ksefhub.invoice.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import pl.ksefhub.platform.keys.KeyUsage;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.RandomIdentifiers;
import pl.ksefhub.testsupport.TestTokens;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * A session as a KSeF client sees it: a random AES key wrapped (RSA-OAEP-SHA-256) under the platform's
 * SymmetricKeyEncryption certificate, announced the way session-service does ({@code session.opened} on Kafka),
 * and invoices encrypted, hashed and sent over HTTP.
 */
public final class TestSession {

    public static final String SESSION_TOPIC = "ksef.session.events";
    public static final String INVOICE_TOPIC = "ksef.invoice.events";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    public final String referenceNumber;
    public final String nip;
    public final String token;
    public final SecretKey key;
    public final byte[] iv = new byte[16];
    private final Map<String, Object> opened = new LinkedHashMap<>();

    private TestSession(PlatformKeys keys, String nip, String systemCode) {
        this(keys, nip, systemCode, ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION));
    }

    private TestSession(PlatformKeys keys, String nip, String systemCode, String referenceNumber) {
        this.referenceNumber = referenceNumber;
        this.nip = nip;
        this.token = TestTokens.accessToken(nip);
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            key = generator.generateKey();
            RANDOM.nextBytes(iv);
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.ENCRYPT_MODE, keys.certificate(KeyUsage.SymmetricKeyEncryption).getPublicKey(),
                    new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            opened.put("referenceNumber", referenceNumber);
            opened.put("sessionType", "online");
            opened.put("context", Map.of("type", "Nip", "value", nip));
            opened.put("formCode", Map.of("systemCode", systemCode, "schemaVersion", "1-0E", "value", "FA"));
            opened.put("encryptedSymmetricKey", b64(rsa.doFinal(key.getEncoded())));
            opened.put("initializationVector", b64(iv));
            opened.put("keyValid", true);
            Map<String, Object> authentication = new LinkedHashMap<>();
            authentication.put("referenceNumber", ReferenceNumbers.next(ReferenceNumbers.AUTHENTICATION));
            authentication.put("ksefTokenReferenceNumber", ReferenceNumbers.next(ReferenceNumbers.KSEF_TOKEN));
            authentication.put("authDocumentHash", null);
            opened.put("authentication", authentication);
            opened.put("invoiceLimit", 10000);
            opened.put("openedAt", now.toString());
            opened.put("validUntil", now.plusHours(12).toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An FA (3) session in a fresh NIP context (not announced yet). */
    public static TestSession fa3(PlatformKeys keys) {
        return new TestSession(keys, randomNip(), "FA (3)");
    }

    /** An FA (3) session in the given NIP context (e.g. a second session of the same taxpayer). */
    public static TestSession fa3(PlatformKeys keys, String nip) {
        return new TestSession(keys, nip, "FA (3)");
    }

    /** An FA (3) session whose reference number is the given one (e.g. one issued long ago). */
    public static TestSession fa3WithReference(PlatformKeys keys, String referenceNumber) {
        return new TestSession(keys, randomNip(), "FA (3)", referenceNumber);
    }

    public static TestSession fa2(PlatformKeys keys) {
        return new TestSession(keys, randomNip(), "FA (2)");
    }

    /** A valid NIP, different for every session so that tests never share duplicates. */
    public static String randomNip() {
        return RandomIdentifiers.nip();
    }

    /** A session of the given form code in a fresh NIP context (not announced yet). */
    public static TestSession ofForm(PlatformKeys keys, String systemCode, String schemaVersion, String value) {
        return new TestSession(keys, randomNip(), systemCode)
                .with("formCode", Map.of("systemCode", systemCode, "schemaVersion", schemaVersion, "value", value));
    }

    /** Changes a field of the {@code session.opened} payload before it is published. */
    public TestSession with(String field, Object value) {
        opened.put(field, value);
        return this;
    }

    /** Publishes {@code session.opened}; returns its {@code ce_id}. */
    public String announce() {
        return KafkaProbe.publish(SESSION_TOPIC, referenceNumber, "ksef.session.opened.v1", openedJson());
    }

    public String openedJson() {
        return json(opened);
    }

    /** Publishes {@code session.closed}; returns its {@code ce_id}. */
    public String close() {
        return KafkaProbe.publish(SESSION_TOPIC, referenceNumber, "ksef.session.closed.v1", json(Map.of(
                "referenceNumber", referenceNumber, "closedAt", OffsetDateTime.now(ZoneOffset.UTC).toString(),
                "reason", "closed")));
    }

    /** Announces the session and waits until the service knows it (a send succeeds or fails for another reason). */
    public TestSession announceAndAwait() {
        announce();
        await().atMost(Duration.ofSeconds(30)).until(() -> given().header("Authorization", "Bearer " + token)
                .get("/v2/sessions/{ref}/invoices", referenceNumber).statusCode() == 200);
        return this;
    }

    public byte[] encrypt(byte[] plaintext) {
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            return aes.doFinal(plaintext);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request body of a correct send of this XML. */
    public Map<String, Object> sendBody(String xml) {
        byte[] plaintext = xml.getBytes(StandardCharsets.UTF_8);
        return body(plaintext, encrypt(plaintext));
    }

    /** The request body for the given plaintext and ciphertext, sizes and hashes computed from them. */
    public static Map<String, Object> body(byte[] plaintext, byte[] ciphertext) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("invoiceHash", sha256(plaintext));
        body.put("invoiceSize", plaintext.length);
        body.put("encryptedInvoiceHash", sha256(ciphertext));
        body.put("encryptedInvoiceSize", ciphertext.length);
        body.put("encryptedInvoiceContent", b64(ciphertext));
        body.put("offlineMode", false);
        return body;
    }

    public Response post(Map<String, Object> body) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json").body(body)
                .post("/v2/sessions/online/{ref}/invoices", referenceNumber);
    }

    /** Sends the XML and returns the invoice reference number (asserting 202). */
    public String send(String xml) {
        return post(sendBody(xml)).then().statusCode(202).extract().path("referenceNumber");
    }

    public ValidatableResponse status(String invoiceReferenceNumber) {
        return given().header("Authorization", "Bearer " + token)
                .get("/v2/sessions/{ref}/invoices/{inv}", referenceNumber, invoiceReferenceNumber).then();
    }

    /** Waits until the invoice is processed and returns its final status code. */
    public int awaitFinalStatus(String invoiceReferenceNumber) {
        int[] code = new int[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            code[0] = status(invoiceReferenceNumber).statusCode(200).extract().path("status.code");
            return code[0] != 100 && code[0] != 150;
        });
        return code[0];
    }

    public static String sha256(byte[] data) {
        try {
            return b64(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String b64(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
