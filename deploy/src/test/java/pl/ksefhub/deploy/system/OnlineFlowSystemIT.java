package pl.ksefhub.deploy.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pl.ksefhub.deploy.client.Invoices;
import pl.ksefhub.deploy.client.KsefClient;
import pl.ksefhub.deploy.client.KsefClient.Answer;
import pl.ksefhub.deploy.client.KsefClient.OnlineSession;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static pl.ksefhub.deploy.system.Polls.await;
import static pl.ksefhub.deploy.system.OnlineChecks.PROCESSING;
import static pl.ksefhub.deploy.system.OnlineChecks.assertKsefNumber;
import static pl.ksefhub.deploy.system.OnlineChecks.assertValidUpo;
import static pl.ksefhub.deploy.system.OnlineChecks.finalStatus;
import static pl.ksefhub.deploy.system.OnlineChecks.upo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole system driven through its one base URL as a KSeF client drives the Ministry's: authenticate with a KSeF
 * token, open an online session, send valid and invalid invoices, close, poll, download and verify both UPOs.
 */
class OnlineFlowSystemIT {

    private static RunningStack.Target target;
    private static KsefClient client;

    @BeforeAll
    static void authenticate() {
        target = RunningStack.get();
        client = new KsefClient(target.baseUrl());
        client.authenticateWithKsefToken(target.nip(), target.token());
    }

    @Test
    void aClientSendsInvoicesClosesTheSessionAndGetsSignedUpos() {
        OnlineSession session = client.openOnlineSession("FA (3)");
        String number = "FV/" + UUID.randomUUID();
        byte[] valid = Invoices.fa3(target.nip(), number);
        byte[] second = Invoices.fa3(target.nip(), number + "-2");

        String validRef = accepted(client.sendInvoice(session, valid));
        String secondRef = accepted(client.sendInvoice(session, second));
        String invalidRef = accepted(client.sendInvoice(session, Invoices.fa3WithoutInvoiceNumber(target.nip())));
        String duplicateRef = accepted(client.sendInvoice(session, valid));

        // Hash and size are checked on receipt.
        Map<String, Object> wrongHash = KsefClient.invoiceRequest(session, valid);
        wrongHash.put("invoiceHash", KsefClient.sha256("something else".getBytes(StandardCharsets.UTF_8)));
        assertError(client.sendInvoice(session, wrongHash), 21403);
        Map<String, Object> wrongSize = KsefClient.invoiceRequest(session, valid);
        wrongSize.put("encryptedInvoiceSize", 17);
        assertError(client.sendInvoice(session, wrongSize), 21402);

        JsonNode validStatus = finalStatus(client, session.referenceNumber(), validRef);
        assertEquals(200, validStatus.at("/status/code").asInt(), validStatus.toString());
        assertEquals("Sukces", validStatus.at("/status/description").asText());
        String ksefNumber = validStatus.get("ksefNumber").asText();
        assertKsefNumber(ksefNumber, target.nip());
        assertEquals(number, validStatus.get("invoiceNumber").asText());
        assertEquals(KsefClient.sha256(valid), validStatus.get("invoiceHash").asText());
        assertEquals(200, finalStatus(client, session.referenceNumber(), secondRef).at("/status/code").asInt());

        JsonNode invalidStatus = finalStatus(client, session.referenceNumber(), invalidRef);
        assertEquals(450, invalidStatus.at("/status/code").asInt(), invalidStatus.toString());
        assertFalse(invalidStatus.has("ksefNumber"));

        JsonNode duplicateStatus = finalStatus(client, session.referenceNumber(), duplicateRef);
        assertEquals(440, duplicateStatus.at("/status/code").asInt(), duplicateStatus.toString());
        assertEquals("Duplikat faktury", duplicateStatus.at("/status/description").asText());
        assertEquals(ksefNumber, duplicateStatus.at("/status/extensions/originalKsefNumber").asText());
        assertEquals(session.referenceNumber(),
                duplicateStatus.at("/status/extensions/originalSessionReferenceNumber").asText());

        // The invoice UPO, by invoice reference and by KSeF number: the same signed bytes.
        byte[] invoiceUpo = upo(client, "/v2/sessions/" + session.referenceNumber() + "/invoices/" + validRef + "/upo");
        assertArrayEquals(invoiceUpo, upo(client, "/v2/sessions/" + session.referenceNumber() + "/invoices/ksef/"
                + ksefNumber + "/upo"));
        assertValidUpo(invoiceUpo, ksefNumber);
        JsonNode withUpoUrl = client.invoiceStatus(session.referenceNumber(), validRef).json();
        if (withUpoUrl.hasNonNull("upoDownloadUrl")) {
            Answer anonymous = client.getAbsolute(withUpoUrl.get("upoDownloadUrl").asText());
            assertEquals(200, anonymous.status());
            assertArrayEquals(invoiceUpo, anonymous.body());
        }

        assertEquals(204, client.closeSession(session).status());
        AtomicReference<JsonNode> closed = new AtomicReference<>();
        await().atMost(PROCESSING).pollInterval(Duration.ofMillis(500)).until(() -> {
            closed.set(client.sessionStatus(session.referenceNumber()).json());
            return closed.get().at("/status/code").asInt() == 200;
        });
        JsonNode status = closed.get();
        assertEquals("Sesja interaktywna przetworzona pomyślnie", status.at("/status/description").asText());
        assertEquals(4, status.get("invoiceCount").asInt());
        assertEquals(2, status.get("successfulInvoiceCount").asInt());
        assertEquals(2, status.get("failedInvoiceCount").asInt());
        JsonNode pages = status.at("/upo/pages");
        assertEquals(1, pages.size());

        byte[] sessionUpo = upo(client, "/v2/sessions/" + session.referenceNumber() + "/upo/"
                + pages.get(0).get("referenceNumber").asText());
        assertValidUpo(sessionUpo, ksefNumber);
        String sessionUpoText = new String(sessionUpo, StandardCharsets.UTF_8);
        assertTrue(sessionUpoText.contains(finalStatus(client, session.referenceNumber(), secondRef).get("ksefNumber").asText()));
        assertTrue(sessionUpoText.contains(session.referenceNumber()));
        Answer anonymous = client.getAbsolute(pages.get(0).get("downloadUrl").asText());
        assertEquals(200, anonymous.status());
        assertArrayEquals(sessionUpo, anonymous.body());
    }

    @Test
    void anInvoiceSentTheMomentASessionOpensIsNeverRefusedAsUnknown() {
        for (int i = 0; i < 100; i++) {
            OnlineSession session = client.openOnlineSession("FA (3)");
            Answer sent = client.sendInvoice(session, Invoices.fa3(target.nip(), "RYW/" + UUID.randomUUID()));
            assertEquals(202, sent.status(), "session " + i + ": " + sent.text());
        }
    }

    @Test
    void aSessionClosedWithoutInvoicesIsCancelled() {
        OnlineSession session = client.openOnlineSession("FA (2)");
        assertEquals(204, client.closeSession(session).status());
        await().atMost(PROCESSING).pollInterval(Duration.ofMillis(300)).until(() ->
                client.sessionStatus(session.referenceNumber()).json().at("/status/code").asInt() == 440);
        JsonNode status = client.sessionStatus(session.referenceNumber()).json();
        assertEquals("Sesja anulowana", status.at("/status/description").asText());
        assertEquals("Nie przesłano faktur", status.at("/status/details/0").asText());
    }

    @Test
    void theApiAnswersUnderApiV2TooAndRefusesStrangers() {
        OnlineSession session = client.openOnlineSession("FA (3)");
        Answer aliased = client.get("/api/v2/sessions/" + session.referenceNumber(), client.accessToken());
        assertEquals(200, aliased.status(), aliased.text());
        assertEquals(100, aliased.json().at("/status/code").asInt());

        Answer anonymous = client.get("/v2/sessions/" + session.referenceNumber(), null);
        assertEquals(401, anonymous.status());
        assertEquals("Wymagane jest uwierzytelnienie.", anonymous.json().get("detail").asText());

        Answer unknown = client.get("/v2/sessions/20250101-SO-0000000000-0000000000-00", client.accessToken());
        assertError(unknown, 21173);
        assertError(client.post("/v2/sessions/online/" + session.referenceNumber() + "/invoices",
                client.accessToken(), Map.of("invoiceHash", "x")), 21405);
    }

    private static String accepted(Answer answer) {
        assertEquals(202, answer.status(), answer.text());
        String reference = answer.json().get("referenceNumber").asText();
        assertEquals("EE", reference.substring(9, 11));
        return reference;
    }

    private static void assertError(Answer answer, int code) {
        assertEquals(400, answer.status(), answer.text());
        JsonNode details = answer.json().at("/exception/exceptionDetailList");
        List<Integer> codes = new ArrayList<>();
        details.forEach(d -> codes.add(d.get("exceptionCode").asInt()));
        assertTrue(codes.contains(code), "expected " + code + " in " + answer.text());
    }
}
