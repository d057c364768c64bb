package pl.ksefhub.deploy.system;

import com.fasterxml.jackson.databind.JsonNode;
import pl.ksefhub.deploy.client.KsefClient;
import pl.ksefhub.deploy.client.KsefClient.Answer;
import pl.ksefhub.deploy.client.UpoVerifier;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static pl.ksefhub.deploy.system.Polls.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the online-session system tests check of an invoice as a client: its final status, its UPO, its number. */
final class OnlineChecks {

    /** How long an invoice may take to its final status or its UPO. */
    static final Duration PROCESSING = Duration.ofSeconds(60);

    private OnlineChecks() {
    }

    /**
     * Polls the invoice's status until it is final (neither 100 nor 150) and returns it (first look at once:
     * {@link Polls}).
     */
    static JsonNode finalStatus(KsefClient client, String sessionReference, String invoiceReference) {
        AtomicReference<JsonNode> status = new AtomicReference<>();
        await().atMost(PROCESSING).pollInterval(Duration.ofMillis(300)).until(() -> {
            Answer answer = client.invoiceStatus(sessionReference, invoiceReference);
            if (answer.status() != 200) {
                return false;
            }
            status.set(answer.json());
            int code = status.get().at("/status/code").asInt();
            return code != 100 && code != 150;
        });
        return status.get();
    }

    /** A UPO once it is there: XML, with its SHA-256 in {@code x-ms-meta-hash}. */
    static byte[] upo(KsefClient client, String path) {
        AtomicReference<Answer> answer = new AtomicReference<>();
        await().atMost(PROCESSING).pollInterval(Duration.ofMillis(300)).until(() -> {
            answer.set(client.get(path, client.accessToken()));
            return answer.get().status() == 200;
        });
        Answer upo = answer.get();
        assertTrue(upo.header("content-type").startsWith("application/xml"), upo.header("content-type"));
        assertEquals(KsefClient.sha256(upo.body()), upo.header("x-ms-meta-hash"));
        return upo.body();
    }

    /** Signed (and a changed byte breaks the signature), valid against the UPO schema, naming the invoice. */
    static void assertValidUpo(byte[] upo, String ksefNumber) {
        assertTrue(UpoVerifier.signatureValid(upo), "the UPO signature must verify");
        UpoVerifier.validateAgainstSchema(upo);
        assertTrue(new String(upo, StandardCharsets.UTF_8).contains(ksefNumber));
        byte[] tampered = upo.clone();
        // ISO-8859-1 maps bytes one to one, so the index is a byte offset even past "Ministerstwo Finansów".
        int at = new String(upo, StandardCharsets.ISO_8859_1).indexOf(ksefNumber) + 11;
        tampered[at] = (byte) (tampered[at] == '1' ? '2' : '1');
        assertFalse(UpoVerifier.signatureValid(tampered), "a changed byte must break the signature");
    }

    /** NIP-YYYYMMDD-12 hex-CRC-8 of the first 32 characters (faktury/numer-ksef.md). */
    static void assertKsefNumber(String ksefNumber, String nip) {
        assertNotNull(ksefNumber);
        assertTrue(ksefNumber.matches("\\d{10}-\\d{8}-[0-9A-F]{12}-[0-9A-F]{2}"), ksefNumber);
        assertTrue(ksefNumber.startsWith(nip + "-"));
        int crc = 0;
        for (byte b : ksefNumber.substring(0, 32).getBytes(StandardCharsets.US_ASCII)) {
            crc ^= b & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
            }
        }
        assertEquals(String.format("%02X", crc), ksefNumber.substring(33));
    }
}
