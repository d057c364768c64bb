package pl.ksefhub.deploy.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pl.ksefhub.deploy.client.BatchPackages;
import pl.ksefhub.deploy.client.Invoices;
import pl.ksefhub.deploy.client.KsefClient;
import pl.ksefhub.deploy.client.KsefClient.Answer;
import pl.ksefhub.deploy.client.KsefClient.BatchSession;
import pl.ksefhub.deploy.client.KsefClient.OnlineSession;
import pl.ksefhub.deploy.client.UpoVerifier;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static pl.ksefhub.deploy.system.Polls.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch session end to end through the edge, as the official SDKs run one: open with the package declared, PUT
 * every part to its URL in parallel (no bearer), close, poll 150 → 200, read the invoices with their file names and
 * the failed ones, fetch the session UPO and an invoice UPO. A duplicate of an invoice accepted in an online session
 * is found across sessions.
 */
class BatchFlowSystemIT {

    private static final Duration PROCESSING = Duration.ofSeconds(120);

    private static RunningStack.Target target;
    private static KsefClient client;

    @BeforeAll
    static void authenticate() {
        target = RunningStack.get();
        client = new KsefClient(target.baseUrl());
        client.authenticateWithKsefToken(target.nip(), target.token());
    }

    @Test
    void aPackageInThreePartsIsProcessedWithItsDuplicateAndInvalidInvoiceFailedAndAUpo(@TempDir Path dir) {
        // An invoice accepted online first: its copy in the package is a duplicate.
        OnlineSession online = client.openOnlineSession("FA (3)");
        String prefix = "FV/B/" + UUID.randomUUID() + "/";
        byte[] first = Invoices.fa3(target.nip(), prefix + "0");
        String onlineRef = client.sendInvoice(online, first).json().get("referenceNumber").asText();
        await().atMost(PROCESSING).until(() -> client.invoiceStatus(online.referenceNumber(), onlineRef).json()
                .at("/status/code").asInt() == 200);

        int count = 40;
        Path archive = BatchPackages.zip(dir.resolve("faktury.zip"), count, i -> "faktura-" + i + ".xml",
                i -> i == 0 ? first : i == 1 ? Invoices.fa3WithoutInvoiceNumber(target.nip())
                        : Invoices.fa3(target.nip(), prefix + i));
        BatchSession batch = client.openBatchSession("FA (3)", archive, "Zip", 3, dir);
        assertEquals("SB", batch.referenceNumber().substring(9, 11));
        assertEquals(3, batch.uploadRequests().size());
        assertTrue(batch.uploadRequests().get(0).get("url").asText().startsWith(target.baseUrl() + "/v2/"));
        IntStream.rangeClosed(1, 3).parallel().forEach(n -> assertEquals(201, client.uploadPart(batch, n)));

        Answer closed = client.closeBatchSession(batch.referenceNumber());
        assertEquals(204, closed.status(), closed.text());

        AtomicReference<JsonNode> status = new AtomicReference<>();
        await().atMost(PROCESSING).pollInterval(Duration.ofMillis(500)).until(() -> {
            status.set(client.sessionStatus(batch.referenceNumber()).json());
            return status.get().at("/status/code").asInt() == 200;
        });
        assertEquals("Sesja wsadowa przetworzona pomyślnie", status.get().at("/status/description").asText());
        assertEquals(count, status.get().get("invoiceCount").asInt());
        assertEquals(count - 2, status.get().get("successfulInvoiceCount").asInt());
        assertEquals(2, status.get().get("failedInvoiceCount").asInt());

        List<JsonNode> invoices = new ArrayList<>();
        client.get("/v2/sessions/" + batch.referenceNumber() + "/invoices?pageSize=100", client.accessToken())
                .json().get("invoices").forEach(invoices::add);
        assertEquals(count, invoices.size());
        Set<String> names = new HashSet<>();
        String ksefNumber = null;
        for (JsonNode invoice : invoices) {
            names.add(invoice.get("invoiceFileName").asText());
            if (invoice.at("/status/code").asInt() == 200 && ksefNumber == null) {
                ksefNumber = invoice.get("ksefNumber").asText();
            }
        }
        assertEquals(count, names.size());
        List<Integer> failed = new ArrayList<>();
        client.get("/v2/sessions/" + batch.referenceNumber() + "/invoices/failed?pageSize=10", client.accessToken())
                .json().get("invoices").forEach(invoice -> failed.add(invoice.at("/status/code").asInt()));
        assertEquals(List.of(440, 450), failed.stream().sorted().toList());

        String upoReference = status.get().at("/upo/pages/0/referenceNumber").asText();
        Answer sessionUpo = client.get("/v2/sessions/" + batch.referenceNumber() + "/upo/" + upoReference,
                client.accessToken());
        assertEquals(200, sessionUpo.status());
        assertTrue(UpoVerifier.signatureValid(sessionUpo.body()));
        assertTrue(new String(sessionUpo.body(), StandardCharsets.UTF_8).contains(ksefNumber));
        String invoiceUpoPath = "/v2/sessions/" + batch.referenceNumber() + "/invoices/ksef/" + ksefNumber + "/upo";
        await().atMost(PROCESSING).until(() -> client.get(invoiceUpoPath, client.accessToken()).status() == 200);
    }

    @Test
    void closingWithAPartNotUploadedIs21205(@TempDir Path dir) {
        Path archive = BatchPackages.zip(dir.resolve("two.zip"), 4, i -> i + ".xml",
                i -> Invoices.fa3(target.nip(), "FV/B2/" + UUID.randomUUID()));
        BatchSession batch = client.openBatchSession("FA (3)", archive, "Zip", 2, dir);
        assertEquals(201, client.uploadPart(batch, 1));
        // session-service asks invoice-service, which has the parts, before it calls part 2 missing.
        Answer closed = client.closeBatchSession(batch.referenceNumber());
        assertEquals(400, closed.status(), closed.text());
        assertEquals(21205, closed.json().at("/exception/exceptionDetailList/0/exceptionCode").asInt());
        assertEquals("Nie przesłano zadeklarowanej '2' części pliku.",
                closed.json().at("/exception/exceptionDetailList/0/details/0").asText());
    }
}
