package pl.ksefhub.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import pl.ksefhub.deploy.LocalStack;
import pl.ksefhub.deploy.StackOptions;
import pl.ksefhub.deploy.client.BatchPackages;
import pl.ksefhub.deploy.client.Invoices;
import pl.ksefhub.deploy.client.KsefClient;
import pl.ksefhub.deploy.client.KsefClient.BatchSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * One batch package through the edge as a KSeF client sends it, timed: building and encrypting it, uploading its
 * parts in parallel, and from the close to 200 (every invoice processed, numbered and the session UPO signed).
 * Prints invoices per second from close to 200. Not a test: it asserts nothing, it measures.
 *
 * <pre>
 * bin/benchmark-batch [--invoices 10000] [--parts 1] [--extra-bytes 0] [--base-url URL --nip NIP --token TOKEN]
 * </pre>
 * {@code --extra-bytes} makes each invoice that much larger (random invoice lines): 10,000 invoices with
 * {@code --extra-bytes 100000} and {@code --parts 50} is a package of about 1 GB. Without {@code --base-url} it starts
 * its own stack in a temporary folder.
 */
public final class BatchBenchmark {

    private BatchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int count = Integer.parseInt(options.getOrDefault("invoices", "10000"));
        int parts = Integer.parseInt(options.getOrDefault("parts", "1"));
        int extraBytes = Integer.parseInt(options.getOrDefault("extra-bytes", "0"));
        LocalStack stack = null;
        String baseUrl = options.get("base-url");
        String nip = options.get("nip");
        String token = options.get("token");
        Path work = Files.createTempDirectory("ksef-batch-bench-");
        if (baseUrl == null) {
            stack = LocalStack.start(StackOptions.builder().dataDir(work.resolve("stack")).freePorts()
                    .serviceEnvironment("KSEF_RATE_LIMITS_ENABLED", "false").build());
            baseUrl = stack.baseUrl();
            nip = stack.demoAccount().nip();
            token = stack.demoAccount().token();
        }
        try {
            KsefClient client = new KsefClient(baseUrl);
            client.authenticateWithKsefToken(nip, token);
            String sellerNip = nip;
            String prefix = "FV/BENCH/" + UUID.randomUUID() + "/";
            Random random = new Random(42);
            long buildStart = System.nanoTime();
            Path archive = BatchPackages.zip(work.resolve("package.zip"), count, i -> "faktura-" + i + ".xml",
                    i -> extraBytes > 0 ? Invoices.fa3WithExtraLines(sellerNip, prefix + i, extraBytes, random)
                            : Invoices.fa3(sellerNip, prefix + i));
            BatchSession batch = client.openBatchSession("FA (3)", archive, "Zip", parts, work);
            long size = Files.size(archive);
            System.out.printf("[bench] package: %d invoices, %,d bytes in %d parts, built and encrypted in %d ms%n",
                    count, size, parts, millis(buildStart));
            long uploadStart = System.nanoTime();
            IntStream.rangeClosed(1, parts).parallel().forEach(n -> {
                int status = client.uploadPart(batch, n);
                if (status != 201) {
                    throw new IllegalStateException("part " + n + ": " + status);
                }
            });
            long uploadMillis = millis(uploadStart);
            System.out.printf("[bench] upload: %d ms (%.1f MB/s)%n", uploadMillis, size / 1e6 / (uploadMillis / 1e3));
            long closeStart = System.nanoTime();
            KsefClient.expect(client.closeBatchSession(batch.referenceNumber()), 204);
            JsonNode status;
            int lastSeen = -1;
            while (true) {
                status = client.sessionStatus(batch.referenceNumber()).json();
                int code = status.at("/status/code").asInt();
                if (code != lastSeen) {
                    System.out.printf("[bench] %6d ms  status %d %s%n", millis(closeStart), code,
                            status.at("/status/description").asText());
                    lastSeen = code;
                }
                if (code != 100 && code != 150) {
                    break;
                }
                Thread.sleep(250);
            }
            long processing = millis(closeStart);
            System.out.printf("[bench] close -> %d: %d ms; %d invoices, %d accepted: %.0f invoices/s%n",
                    status.at("/status/code").asInt(), processing, status.path("invoiceCount").asInt(),
                    status.path("successfulInvoiceCount").asInt(), count / (processing / 1e3));
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}
