package pl.ksefhub.recurring.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When a recurring document is due: occurrence {@code n} is on the start date plus {@code n} intervals, at the hour
 * to send in the document's time zone. Every occurrence is computed from the start date, never from the previous
 * one, so month ends do not drift (31 Jan, 28/29 Feb, 31 Mar, 30 Apr, 31 May...).
 * <p>
 * Daylight-saving changes follow {@link ZonedDateTime#of}: an hour that does not exist that day (spring forward,
 * 02:00 in Warsaw on the last Sunday of March) moves on by the length of the gap (03:00); an hour that happens twice
 * (autumn, 02:00 on the last Sunday of October) is the first of the two (summer time).
 */
public record Schedule(LocalDate startDate, IntervalType interval, int hour, ZoneId zone) {

    public Schedule {
        if (hour < 0 || hour > 23) {
            throw new IllegalArgumentException("hour " + hour + " is not 0-23");
        }
    }

    /** The calendar date of occurrence {@code n} (its issue date). */
    public LocalDate dateOf(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("occurrence index " + n);
        }
        return interval.nth(startDate, n);
    }

    /** The moment occurrence {@code n} is due. */
    public ZonedDateTime occurrence(long n) {
        return ZonedDateTime.of(dateOf(n), LocalTime.of(hour, 0), zone);
    }

    /** The index of the first occurrence whose date is {@code date} or later. */
    public long firstIndexOnOrAfter(LocalDate date) {
        long n = interval.indexEstimate(startDate, date);
        while (dateOf(n).isBefore(date)) {
            n++;
        }
        return n;
    }

    /** The index of the first occurrence due at {@code moment} or later. */
    public long firstIndexAtOrAfter(Instant moment) {
        long n = firstIndexOnOrAfter(LocalDate.ofInstant(moment, zone));
        while (occurrence(n).toInstant().isBefore(moment)) {
            n++;
        }
        return n;
    }
}
