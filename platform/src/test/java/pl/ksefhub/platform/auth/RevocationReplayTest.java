package pl.ksefhub.platform.auth;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RevocationReplayTest {

    private static final TopicPartition P0 = new TopicPartition(AuthRevocationConsumer.TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(AuthRevocationConsumer.TOPIC, 1);

    @Test
    void caughtUpWhenEveryPositionHasReachedItsEndOffset() {
        assertEquals(0, RevocationReplay.behind(Map.of(P0, 5L, P1, 0L), Map.of(P0, 5L, P1, 0L)));
        assertEquals(0, RevocationReplay.behind(Map.of(P0, 5L), Map.of(P0, 7L)), "records published since count not");
    }

    @Test
    void recordsNotYetReadAreBehind() {
        assertEquals(3, RevocationReplay.behind(Map.of(P0, 5L, P1, 4L), Map.of(P0, 2L, P1, 4L)));
    }

    @Test
    void aPartitionNotAssignedYetIsBehindEvenWhenEmpty() {
        assertEquals(5, RevocationReplay.behind(Map.of(P0, 5L), Map.of()));
        assertEquals(1, RevocationReplay.behind(Map.of(P0, 0L), Map.of()));
    }
}
