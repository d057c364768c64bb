package pl.ksefhub.deploy.tools;

import com.fasterxml.jackson.databind.JsonNode;
import pl.ksefhub.deploy.client.KsefClient;
import pl.ksefhub.deploy.client.KsefClient.Answer;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Mirrors a taxpayer's purchase invoices (Subject2: it is the buyer) into a folder, incrementally, as
 * pobieranie-faktur/przyrostowe-pobieranie-faktur.md describes it: exports by PermanentStorage date from the last
 * checkpoint up to the High Water Mark, one window after another; a truncated package moves the checkpoint to its
 * {@code lastPermanentStorageDate}, a complete one to its {@code permanentStorageHwmDate}, so nothing stored late is
 * ever skipped. Invoices are files {@code <KSeF number>.xml}: one seen twice (windows overlap at their edges) is
 * written once. The checkpoint is kept in {@code .checkpoint} in the folder, so each run goes on from the last.
 *
 * <pre>
 * bin/mirror-mailbox --base-url http://localhost:8080 --nip NIP --token KSEF_TOKEN --dir ./mailbox [--subject Subject2]
 * </pre>
 */
public final class MirrorMailbox {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** The spec's longest date range of one query. */
    private static final Duration WINDOW = Duration.ofDays(90);

    private MirrorMailbox() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path dir = Path.of(options.getOrDefault("dir", "mailbox"));
        String subject = options.getOrDefault("subject", "Subject2");
        KsefClient client = new KsefClient(options.getOrDefault("base-url", "http://localhost:8080"));
        client.authenticateWithKsefToken(require(options, "nip"), require(options, "token"));
        client.loadPublicKeys();
        Files.createDirectories(dir);
        Path checkpointFile = dir.resolve(".checkpoint");
        OffsetDateTime checkpoint = Files.exists(checkpointFile)
                ? OffsetDateTime.parse(Files.readString(checkpointFile).trim())
                : OffsetDateTime.now(ZoneOffset.UTC).minus(WINDOW);
        int written = 0;
        while (true) {
            OffsetDateTime to = min(checkpoint.plus(WINDOW), OffsetDateTime.now(ZoneOffset.UTC));
            Window window = export(client, subject, checkpoint, to);
            for (Map.Entry<String, byte[]> file : window.files().entrySet()) {
                Path target = dir.resolve(file.getKey());
                if (file.getKey().endsWith(".xml") && !Files.exists(target)) {
                    Files.write(target, file.getValue());
                    written++;
                }
            }
            OffsetDateTime next = window.next() != null ? window.next() : checkpoint;
            Files.writeString(checkpointFile, next.toString());
            System.out.printf("[mirror] %s .. %s: %d invoices%s; checkpoint %s%n", checkpoint, to, window.count(),
                    window.truncated() ? " (truncated)" : "", next);
            if (!window.truncated() && !to.isBefore(OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1))
                    || !next.isAfter(checkpoint)) {
                break;
            }
            checkpoint = next;
        }
        System.out.printf("[mirror] %d new invoices in %s%n", written, dir.toAbsolutePath());
    }

    private record Window(int count, boolean truncated, OffsetDateTime next, Map<String, byte[]> files) {
    }

    /** One export: start it, wait for it, download its parts, decrypt and join them, unzip. */
    private static Window export(KsefClient client, String subject, OffsetDateTime from, OffsetDateTime to)
            throws Exception {
        byte[] key = new byte[32];
        byte[] iv = new byte[16];
        RANDOM.nextBytes(key);
        RANDOM.nextBytes(iv);
        Map<String, Object> body = Map.of(
                "encryption", Map.of("encryptedSymmetricKey",
                        Base64.getEncoder().encodeToString(KsefClient.rsaOaep(client.symmetricKey(), key)),
                        "initializationVector", Base64.getEncoder().encodeToString(iv)),
                "filters", Map.of("subjectType", subject, "dateRange", Map.of("dateType", "PermanentStorage",
                        "from", from.toString(), "to", to.toString(), "restrictToPermanentStorageHwmDate", true)));
        String reference = KsefClient.expect(client.post("/v2/invoices/exports", client.accessToken(), body), 201)
                .json().get("referenceNumber").asText();
        JsonNode status;
        do {
            Thread.sleep(500);
            status = KsefClient.expect(client.get("/v2/invoices/exports/" + reference, client.accessToken()), 200)
                    .json();
        } while (status.at("/status/code").asInt() == 100);
        if (status.at("/status/code").asInt() != 200) {
            throw new IllegalStateException("export " + reference + ": " + status.get("status"));
        }
        JsonNode pkg = status.get("package");
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        for (JsonNode part : pkg.path("parts")) {
            Answer downloaded = client.getAbsolute(part.get("url").asText());
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            zip.write(aes.doFinal(KsefClient.expect(downloaded, 200).body()));
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (zip.size() > 0) {
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.toByteArray()),
                    StandardCharsets.UTF_8)) {
                for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    files.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        boolean truncated = pkg.path("isTruncated").asBoolean(false);
        String next = truncated ? pkg.path("lastPermanentStorageDate").asText(null)
                : pkg.path("permanentStorageHwmDate").asText(null);
        return new Window(pkg.path("invoiceCount").asInt(), truncated,
                next == null ? null : OffsetDateTime.parse(next), files);
    }

    private static OffsetDateTime min(OffsetDateTime a, OffsetDateTime b) {
        return a.isBefore(b) ? a : b;
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
