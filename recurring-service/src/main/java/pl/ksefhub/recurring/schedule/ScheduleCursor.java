package pl.ksefhub.recurring.schedule;

import pl.ksefhub.recurring.document.RecurringDocument;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Where the scheduler stands for a document: the next occurrence's index and due time. */
public final class ScheduleCursor {

    private ScheduleCursor() {
    }

    /**
     * After an add, an update of the schedule or a reactivation: the next occurrence is the first one dated today or
     * later. A start date in the past does not issue the occurrences before today (a document added with a start
     * date of last year would otherwise issue a year of invoices at once); today's occurrence is issued even when
     * its hour has passed, so "start today" always sends today. One already issued today is not issued again (its
     * correlation id is taken).
     */
    public static void restart(RecurringDocument document, ZoneId zone, Instant now) {
        if (!document.active || document.deletedAt != null) {
            document.nextDueAt = null;
            return;
        }
        Schedule schedule = document.schedule(zone);
        moveTo(document, schedule, schedule.firstIndexOnOrAfter(LocalDate.ofInstant(now, zone)));
    }

    /** Points the document at occurrence {@code index}. */
    static void moveTo(RecurringDocument document, Schedule schedule, long index) {
        document.nextOccurrence = Math.toIntExact(index);
        document.nextDueAt = schedule.occurrence(index).toInstant().atOffset(ZoneOffset.UTC);
    }
}
