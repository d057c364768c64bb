package pl.ksefhub.deploy.system;

import org.junit.jupiter.api.Test;
import pl.ksefhub.deploy.LocalStack;
import pl.ksefhub.deploy.StackOptions;
import pl.ksefhub.deploy.client.Invoices;
import pl.ksefhub.deploy.client.KsefClient;
import pl.ksefhub.deploy.client.KsefClient.Answer;
import pl.ksefhub.deploy.client.KsefClient.OnlineSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Ready means ready: the moment {@link LocalStack#start} returns (every service's {@code /q/health/ready} is UP,
 * which includes every Kafka consumer having joined its group), a client that opens a session and sends an
 * invoice is served: 202, not 21173 because invoice-service has not yet been assigned the session's partition.
 * A fresh stack each time (new data folder, new broker, new consumer groups): {@code -Dksef.ready.runs=10} for
 * the ten; two by default, to keep the test run short.
 */
class ReadyMeansReadySystemIT {

    private static final int RUNS = Integer.getInteger("ksef.ready.runs", 2);

    @Test
    void aClientThatSendsAtTheReadySignalOfAFreshStackIsServed() throws Exception {
        for (int run = 1; run <= RUNS; run++) {
            Path dataDir = Files.createTempDirectory("ksef-ready-");
            // As root the machine's PostgreSQL runs as user postgres, which must be able to enter the folder.
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            try (LocalStack stack = LocalStack.start(StackOptions.builder().dataDir(dataDir).freePorts().build())) {
                KsefClient client = new KsefClient(stack.baseUrl());
                client.authenticateWithKsefToken(stack.demoAccount().nip(), stack.demoAccount().token());
                OnlineSession session = client.openOnlineSession("FA (3)");
                Answer sent = client.sendInvoice(session, Invoices.fa3(stack.demoAccount().nip(),
                        "FV/" + UUID.randomUUID()));
                assertEquals(202, sent.status(), "run " + run + " of " + RUNS + ": " + sent.text());
            }
        }
    }
}
