package pl.ksefhub.platform.refnum;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A reference number tells when it was issued: its date and the low bits of the issuing microsecond. */
class IssuedAtTest {

    private static final Instant ISSUED = Instant.parse("2026-12-06T22:59:58.123Z"); // 23:59:58 in Warsaw

    @Test
    void aReferenceNumberTellsWhenItWasIssued() {
        String reference = ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION, at(ISSUED));
        Instant read = ReferenceNumbers.issuedAt(reference, at(ISSUED.plusSeconds(5))).orElseThrow();
        assertTrue(Duration.between(ISSUED, read).abs().toMillis() < 2, read.toString());
    }

    @Test
    void daysLaterItStillTells() {
        String reference = ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION, at(ISSUED));
        Instant read = ReferenceNumbers.issuedAt(reference, at(ISSUED.plus(Duration.ofDays(9)))).orElseThrow();
        assertTrue(Duration.between(ISSUED, read).abs().toMillis() < 2, read.toString());
    }

    @Test
    void aNumberFromAnotherClockSlightlyAheadIsStillRecent() {
        String reference = ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION, at(ISSUED.plusSeconds(20)));
        assertTrue(ReferenceNumbers.issuedAt(reference, at(ISSUED)).isPresent());
    }

    @Test
    void aNumberWhoseDateDoesNotMatchItsTimeOrThatIsMalformedTellsNothing() {
        // The official example is from June 2025: its time block cannot be placed in the last 12 days.
        assertEquals(Optional.empty(), ReferenceNumbers.issuedAt("20250626-EE-2F20AD2000-242386DF86-52",
                at(ISSUED)));
        assertEquals(Optional.empty(), ReferenceNumbers.issuedAt("not-a-reference", at(ISSUED)));
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }
}
