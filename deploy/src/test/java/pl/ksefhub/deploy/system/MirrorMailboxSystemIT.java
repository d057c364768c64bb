package pl.ksefhub.deploy.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pl.ksefhub.deploy.client.Invoices;
import pl.ksefhub.deploy.client.KsefClient;
import pl.ksefhub.deploy.client.KsefClient.OnlineSession;
import pl.ksefhub.deploy.tools.MirrorMailbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static pl.ksefhub.deploy.system.Polls.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The incremental retrieval example (bin/mirror-mailbox) against the running system: the invoices a context issued
 * come into the folder as {@code <KSeF number>.xml}, byte for byte; a second run from the checkpoint adds none.
 */
class MirrorMailboxSystemIT {

    @Test
    void theMailboxMirrorFetchesEachInvoiceOnceAndGoesOnFromItsCheckpoint(@TempDir Path dir) throws Exception {
        RunningStack.Target target = RunningStack.get();
        KsefClient client = new KsefClient(target.baseUrl());
        client.authenticateWithKsefToken(target.nip(), target.token());
        OnlineSession session = client.openOnlineSession("FA (3)");
        Map<String, byte[]> sent = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            byte[] xml = Invoices.fa3(target.nip(), "FV/MIRROR/" + UUID.randomUUID());
            String reference = client.sendInvoice(session, xml).json().get("referenceNumber").asText();
            await().atMost(Duration.ofSeconds(60)).until(() -> client.invoiceStatus(session.referenceNumber(),
                    reference).json().at("/status/code").asInt() == 200);
            sent.put(client.invoiceStatus(session.referenceNumber(), reference).json().get("ksefNumber").asText(),
                    xml);
        }
        Set<String> ksefNumbers = sent.keySet();
        String[] args = {"--base-url", target.baseUrl(), "--nip", target.nip(), "--token", target.token(),
                "--dir", dir.toString(), "--subject", "Subject1"};
        // The High Water Mark may lag the last acceptance by a moment: the mirror fetches what is below it.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    MirrorMailbox.main(args);
                    return xmlFiles(dir).containsAll(ksefNumbers.stream().map(n -> n + ".xml").toList());
                });
        for (Map.Entry<String, byte[]> invoice : sent.entrySet()) {
            assertArrayEquals(invoice.getValue(), Files.readAllBytes(dir.resolve(invoice.getKey() + ".xml")));
        }
        assertTrue(Files.exists(dir.resolve(".checkpoint")));
        Set<String> before = xmlFiles(dir);
        MirrorMailbox.main(args);
        assertEquals(before, xmlFiles(dir), "a second run from the checkpoint finds nothing new of these");
    }

    private static Set<String> xmlFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            Set<String> names = new HashSet<>();
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".xml")).forEach(names::add);
            return names;
        }
    }
}
