package pl.ksefhub.recurring.support;

import pl.ksefhub.platform.auth.SecretHashes;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.RandomIdentifiers;
import pl.ksefhub.testsupport.TestTokens;

import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Test data the way other services would produce it: events on the real broker, tokens the service accepts. */
public final class Fixtures {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong INVOICE_IDS = new AtomicLong(
            10_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L));

    private Fixtures() {
    }

    /** A valid-looking NIP no other test uses (its own context). */
    public static String randomNip() {
        return RandomIdentifiers.nip();
    }

    public static long nextInvoiceId() {
        return INVOICE_IDS.incrementAndGet();
    }

    public static String ksefNumber(String nip) {
        return nip + "-" + LocalDate.now().toString().replace("-", "") + "-"
                + String.format("%012X", ThreadLocalRandom.current().nextLong(0xFFFF_FFFF_FFFFL)) + "-AF";
    }

    /** A request as the owner of the context (Bearer access token with every permission). */
    public static RequestSpecification as(String nip) {
        return given().header("Authorization", "Bearer " + TestTokens.accessToken(nip)).contentType(ContentType.JSON);
    }

    /** A request with HTTP Basic: the context NIP and a KSeF token, as the seed's {@code curl --user}. */
    public static RequestSpecification basic(String nip, String ksefToken) {
        return given().auth().preemptive().basic(nip, ksefToken).contentType(ContentType.JSON);
    }

    /** Publishes {@code invoice.accepted} as invoice-service would; returns its payload. */
    public static Map<String, Object> publishAccepted(String nip, long invoiceId, String invoiceNumber,
                                                      String ksefNumber, String correlationId, String invoiceXml) {
        String session = ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("referenceNumber", session);
        event.put("invoiceReferenceNumber", ReferenceNumbers.next(ReferenceNumbers.INVOICE));
        event.put("ordinalNumber", 1);
        event.put("invoiceId", invoiceId);
        event.put("ksefNumber", ksefNumber);
        event.put("context", Map.of("type", "Nip", "value", nip));
        event.put("sellerNip", nip);
        event.put("invoiceNumber", invoiceNumber);
        event.put("issueDate", LocalDate.now().toString());
        event.put("invoicingDate", "2026-11-24T10:15:30.123Z");
        event.put("acquisitionDate", "2026-11-24T10:15:31.123Z");
        event.put("invoiceHash", "aGFzaA==");
        event.put("invoicingMode", "Online");
        event.put("formCode", Map.of("systemCode", "FA (3)", "schemaVersion", "1-0E", "value", "FA"));
        event.put("authentication", Map.of("referenceNumber", ReferenceNumbers.next(ReferenceNumbers.AUTHENTICATION)));
        event.put("correlationId", correlationId);
        if (invoiceXml != null) {
            event.put("invoiceXml", invoiceXml);
        }
        KafkaProbe.publish("ksef.invoice.events", session, "ksef.invoice.accepted.v1", json(event));
        return event;
    }

    /** A sale document of the context, known to the service when this returns. */
    public static long saleDocument(String nip, String invoiceNumber) {
        long id = nextInvoiceId();
        saleDocument(nip, id, invoiceNumber);
        return id;
    }

    public static void saleDocument(String nip, long id, String invoiceNumber) {
        publishAccepted(nip, id, invoiceNumber, ksefNumber(nip), null, null);
        awaitSaleDocument(nip, id);
    }

    public static void awaitSaleDocument(String nip, long id) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(nip).get("/api/sale-documents/" + id)
                .then().statusCode(200).body("success", equalTo(true)));
    }

    /** Publishes {@code token.activated} for a KSeF token of the context; usable for HTTP Basic when this returns. */
    public static String activatedKsefToken(String nip, String... permissions) {
        String reference = ReferenceNumbers.next(ReferenceNumbers.KSEF_TOKEN);
        String token = reference + "|nip-" + nip + "|" + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + Long.toHexString(ThreadLocalRandom.current().nextLong());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("referenceNumber", reference);
        event.put("context", Map.of("type", "Nip", "value", nip));
        event.put("tokenSha256", SecretHashes.sha256Hex(token));
        event.put("permissions", permissions.length == 0 ? List.of("InvoiceWrite", "InvoiceRead")
                : List.of(permissions));
        event.put("activatedAt", "2026-11-24T10:15:30.123Z");
        KafkaProbe.publish("ksef.session.events", reference, "ksef.token.activated.v1", json(event));
        return token;
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
