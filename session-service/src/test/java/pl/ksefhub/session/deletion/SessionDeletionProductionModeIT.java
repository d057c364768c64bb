package pl.ksefhub.session.deletion;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.session.testdata.TestDataClient;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.KsefTestResource;

import java.time.Duration;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Outside test mode accepted invoices are legal records: only a session without any may be deleted. */
@QuarkusTest
@TestProfile(SessionDeletionProductionModeIT.ProductionMode.class)
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class SessionDeletionProductionModeIT {

    public static class ProductionMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ksef.session.test-mode", "false");
        }
    }

    @Inject
    PlatformKeys keys;
    DeletionFixtures sessions;

    @BeforeEach
    void fixtures() {
        sessions = new DeletionFixtures(keys);
    }

    @Test
    void aSessionWithAcceptedInvoicesIsRefusedWith21190AndStaysAsItWas() throws Exception {
        String nip = TestDataClient.randomNip();
        String reference = sessions.processedWithOneAcceptedInvoice(nip);
        sessions.delete(nip, reference).statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21190))
                .body("exception.exceptionDetailList[0].exceptionDescription",
                        equalTo("Sesji z przyjętymi fakturami nie można usunąć."))
                .body("exception.exceptionDetailList[0].details[0]", equalTo("Sesja ma 1 przyjętych faktur:"
                        + " faktury przyjęte w KSeF są dokumentami prawnymi. Usunąć można tylko sesję bez przyjętych"
                        + " faktur (w środowisku testowym każdą zakończoną sesję)."));
        sessions.status(nip, reference).statusCode(200)
                .body("status.description", equalTo("Sesja interaktywna przetworzona pomyślnie"));
        assertEquals(0, DeletionFixtures.count("select count(*) from outbox_event where record_key = ?"
                + " and event_type = 'ksef.session.deletion-requested.v1'", reference));
    }

    @Test
    void aSessionWithoutAcceptedInvoicesMayBeDeleted() {
        String nip = TestDataClient.randomNip();
        String reference = sessions.cancelledWithoutInvoices(nip);
        sessions.delete(nip, reference).statusCode(200)
                .body("message", equalTo("Usuwanie sesji rozpoczęte."))
                .body("referenceNumber", equalTo(reference));
        sessions.status(nip, reference).statusCode(200)
                .body("status.code", equalTo(440))
                .body("status.description", equalTo("Sesja w trakcie usuwania"));
        assertEquals(1, KafkaProbe.events("ksef.session.events", reference, "ksef.session.deletion-requested.v1",
                1, Duration.ofSeconds(15)).size());
    }
}
