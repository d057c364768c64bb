package pl.ksefhub.invoice.session;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import pl.ksefhub.invoice.support.InvoiceSamples;
import pl.ksefhub.invoice.support.TestSession;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.testsupport.KsefTestResource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A client may send an invoice the very millisecond after session-service opened its session. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_invoice"))
class ReadYourWritesIT {

    private static final int SESSIONS = 100;

    @Inject
    PlatformKeys keys;

    @Test
    void anInvoiceSentRightAfterSessionOpenedIsPublishedIsAccepted() {
        TestSession.fa3(keys).announceAndAwait();
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            TestSession session = TestSession.fa3(keys);
            Map<String, Object> body = session.sendBody(InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber()));
            session.announce();
            long start = System.nanoTime();
            int status = session.post(body).statusCode();
            millis.add((System.nanoTime() - start) / 1_000_000);
            assertEquals(202, status, "session " + i + " " + session.referenceNumber);
        }
        Collections.sort(millis);
        System.out.printf("Send right after session.opened: median %d ms, p95 %d ms, max %d ms (%d sessions)%n",
                millis.get(SESSIONS / 2), millis.get(SESSIONS * 95 / 100), millis.get(SESSIONS - 1), SESSIONS);
    }
}
