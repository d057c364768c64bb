package pl.ksefhub.session.availability;

import org.junit.jupiter.api.Test;
import pl.ksefhub.session.availability.Assessment.Health;
import pl.ksefhub.session.availability.Assessment.Seen;
import pl.ksefhub.session.availability.LatarniaApi.Category;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AssessmentTest {

    private static final Assessment.Rules RULES = new Assessment.Rules(
            List.of("session-service", "invoice-service", "upo-service"),
            List.of("session-service", "invoice-service"), 3, Duration.ofSeconds(20));
    private static final Instant STARTED = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant SETTLED = STARTED.plusSeconds(60);
    private static final String SELF = "session-service/s1";

    private final List<Seen> seen = new ArrayList<>();

    private void beat(String service, String instance, boolean up, Instant at, String... failing) {
        seen.add(new Seen(new ObservedHeartbeat(service, instance, up ? "UP" : "DOWN", List.of(failing), 5000), at));
    }

    private void everyServiceBeatsAt(Instant at) {
        beat("session-service", "s1", true, at);
        beat("invoice-service", "i1", true, at);
        beat("upo-service", "u1", true, at);
    }

    private Assessment assess(Instant now) {
        return Assessment.of(RULES, seen, SELF, STARTED, now);
    }

    @Test
    void everyServiceReadyIsNoFailure() {
        everyServiceBeatsAt(SETTLED.minusSeconds(1));
        Assessment assessment = assess(SETTLED);
        assertEquals(Optional.empty(), assessment.failure());
        assertTrue(assessment.services().stream().allMatch(s -> s.health() == Health.HEALTHY));
        assertTrue(assessment.reliable());
    }

    @Test
    void aServiceSilentForThreeOfItsIntervalsIsMissingAndAFailure() {
        everyServiceBeatsAt(SETTLED.minusSeconds(1));
        seen.removeIf(s -> s.heartbeat().service().equals("upo-service"));
        beat("upo-service", "u1", true, SETTLED.minusMillis(15_001));
        Assessment assessment = assess(SETTLED);
        assertEquals(Optional.of(Category.FAILURE), assessment.failure());
        assertEquals("upo-service (brak sygnału)", assessment.failedServices());

        seen.removeIf(s -> s.heartbeat().service().equals("upo-service"));
        beat("upo-service", "u1", true, SETTLED.minusMillis(14_999));
        assertEquals(Optional.empty(), assess(SETTLED).failure());
    }

    @Test
    void readyInstancesCountsOnlyFreshInstancesThatSaidReady() {
        everyServiceBeatsAt(SETTLED.minusSeconds(1));
        beat("invoice-service", "i2", true, SETTLED.minusSeconds(2));
        beat("invoice-service", "i3", false, SETTLED.minusSeconds(1), "database");
        beat("invoice-service", "i4", true, SETTLED.minusSeconds(16));
        seen.removeIf(s -> s.heartbeat().service().equals("upo-service"));
        beat("upo-service", "u1", true, SETTLED.minusSeconds(16));
        Assessment assessment = assess(SETTLED);
        assertEquals(List.of(1, 2, 0), assessment.services().stream()
                .map(Assessment.ServiceHealth::readyInstances).toList());
    }

    @Test
    void silenceIsJudgedByTheSendersOwnInterval() {
        everyServiceBeatsAt(SETTLED.minusSeconds(1));
        seen.removeIf(s -> s.heartbeat().service().equals("upo-service"));
        seen.add(new Seen(new ObservedHeartbeat("upo-service", "u1", "UP", List.of(), 60_000),
                SETTLED.minusSeconds(100)));
        assertEquals(Optional.empty(), assess(SETTLED).failure());
    }

    @Test
    void aCriticalServiceWhoseInstancesAreAllNotReadyIsATotalFailure() {
        everyServiceBeatsAt(SETTLED.minusSeconds(1));
        seen.removeIf(s -> s.heartbeat().service().equals("invoice-service"));
        beat("invoice-service", "i1", false, SETTLED.minusSeconds(1), "database");
        beat("invoice-service", "i2", false, SETTLED.minusSeconds(2), "kafka", "database");
        Assessment assessment = assess(SETTLED);
        assertEquals(Optional.of(Category.TOTAL_FAILURE), assessment.failure());
        assertEquals("invoice-service (niegotowa: database, kafka)", assessment.failedServices());
    }

    @Test
    void oneReadyInstanceIsEnoughForItsService() {
        everyServiceBeatsAt(SETTLED.minusSeconds(1));
        beat("invoice-service", "i2", false, SETTLED.minusSeconds(1), "database");
        assertEquals(Optional.empty(), assess(SETTLED).failure());
    }

    @Test
    void aTotalFailureOutweighsAFailure() {
        beat("session-service", "s1", true, SETTLED.minusSeconds(1));
        Assessment assessment = assess(SETTLED);
        assertEquals(Optional.of(Category.TOTAL_FAILURE), assessment.failure());
        assertEquals("invoice-service (brak sygnału), upo-service (brak sygnału)", assessment.failedServices());
    }

    @Test
    void duringTheStartUpGraceAnUnheardServiceIsNotYetMissingButANotReadyOneCounts() {
        beat("session-service", "s1", true, STARTED.plusSeconds(1));
        Assessment early = assess(STARTED.plusSeconds(2));
        assertEquals(Optional.empty(), early.failure());
        assertEquals(Health.UNKNOWN, early.services().get(1).health());
        assertFalse(early.reliable());

        beat("upo-service", "u1", false, STARTED.plusSeconds(2));
        assertEquals(Optional.of(Category.FAILURE), assess(STARTED.plusSeconds(3)).failure());
    }

    @Test
    void aViewThatDoesNotHearItsOwnHeartbeatsIsNotReliable() {
        everyServiceBeatsAt(SETTLED.minusSeconds(1));
        seen.removeIf(s -> s.heartbeat().instance().equals("s1"));
        beat("session-service", "s2", true, SETTLED.minusSeconds(1));
        Assessment assessment = assess(SETTLED);
        assertEquals(Optional.empty(), assessment.failure());
        assertFalse(assessment.reliable());
    }

    @Test
    void servicesNobodyWatchesAreIgnored() {
        everyServiceBeatsAt(SETTLED.minusSeconds(1));
        beat("other-service", "o1", false, SETTLED.minusSeconds(1));
        assertEquals(Optional.empty(), assess(SETTLED).failure());
        assertEquals(3, assess(SETTLED).services().size());
    }
}
