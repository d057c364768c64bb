package pl.ksefhub.recurring.schedule;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The schedule of recurring documents: dates across years, month ends, leap years, daylight-saving changes. */
class ScheduleTest {

    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");

    @Provide
    Arbitrary<LocalDate> startDates() {
        // 1990-2090: many leap years (and 2000), both DST rule eras of Europe/Warsaw's tz history.
        return Arbitraries.longs().between(LocalDate.of(1990, 1, 1).toEpochDay(), LocalDate.of(2090, 12, 31)
                .toEpochDay()).map(LocalDate::ofEpochDay);
    }

    @Provide
    Arbitrary<LocalDate> monthEnds() {
        return startDates().map(date -> date.withDayOfMonth(date.lengthOfMonth()));
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of(WARSAW, ZoneId.of("UTC"), ZoneId.of("America/New_York"), ZoneId.of("Australia/Sydney"));
    }

    @Property
    void everyOccurrenceIsOnTheStartDatePlusWholeIntervals(@ForAll("startDates") LocalDate start,
                                                           @ForAll IntervalType interval,
                                                           @ForAll @LongRange(max = 600) long n) {
        Schedule schedule = new Schedule(start, interval, 10, WARSAW);
        LocalDate date = schedule.dateOf(n);
        if (interval == IntervalType.WEEK) {
            assertEquals(7 * n, ChronoUnit.DAYS.between(start, date));
            assertEquals(start.getDayOfWeek(), date.getDayOfWeek());
        } else {
            long months = monthsOf(interval) * n;
            LocalDate firstOfMonth = start.withDayOfMonth(1).plusMonths(months);
            assertEquals(firstOfMonth.getYear(), date.getYear());
            assertEquals(firstOfMonth.getMonth(), date.getMonth());
            // Same day of month, or the month's last day when the month is shorter.
            assertEquals(Math.min(start.getDayOfMonth(), date.lengthOfMonth()), date.getDayOfMonth());
        }
    }

    @Property
    void aMonthEndStartKeepsFallingOnMonthEndsWhenItWasTheLongestDay(@ForAll("monthEnds") LocalDate start,
                                                                     @ForAll @LongRange(max = 300) long n) {
        Schedule schedule = new Schedule(start, IntervalType.MONTH, 10, WARSAW);
        LocalDate date = schedule.dateOf(n);
        if (start.getDayOfMonth() == 31) {
            // Computed from the start, never from the previous occurrence: 31 Jan, 28/29 Feb, then 31 Mar again.
            assertEquals(date.lengthOfMonth(), date.getDayOfMonth());
        }
        assertTrue(date.getDayOfMonth() <= start.getDayOfMonth());
    }

    @Property
    void occurrencesAreStrictlyIncreasingInstants(@ForAll("startDates") LocalDate start, @ForAll IntervalType interval,
                                                  @ForAll @IntRange(max = 23) int hour, @ForAll("zones") ZoneId zone,
                                                  @ForAll @LongRange(max = 500) long n) {
        Schedule schedule = new Schedule(start, interval, hour, zone);
        Instant current = schedule.occurrence(n).toInstant();
        Instant next = schedule.occurrence(n + 1).toInstant();
        assertTrue(next.isAfter(current), schedule + " " + n);
        // At least a week minus the biggest DST shift apart.
        assertTrue(Duration.between(current, next).compareTo(Duration.ofDays(7).minusHours(2)) >= 0);
    }

    @Property
    void anOccurrenceIsAtTheHourToSendOrJustAfterADaylightSavingGap(@ForAll("startDates") LocalDate start,
                                                                   @ForAll IntervalType interval,
                                                                   @ForAll @IntRange(max = 23) int hour,
                                                                   @ForAll("zones") ZoneId zone,
                                                                   @ForAll @LongRange(max = 500) long n) {
        Schedule schedule = new Schedule(start, interval, hour, zone);
        ZonedDateTime due = schedule.occurrence(n);
        LocalDateTime wanted = LocalDateTime.of(schedule.dateOf(n), LocalTime.of(hour, 0));
        boolean hourExists = zone.getRules().getValidOffsets(wanted).size() > 0;
        if (hourExists) {
            assertEquals(wanted, due.toLocalDateTime());
            // On the autumn overlap the earlier (summer) offset: the first time the clock shows that hour.
            assertEquals(zone.getRules().getValidOffsets(wanted).get(0), due.getOffset());
        } else {
            var gap = zone.getRules().getTransition(wanted);
            assertEquals(wanted.plus(gap.getDuration()), due.toLocalDateTime());
        }
    }

    @Property
    void firstIndexAtOrAfterFindsTheFirstOccurrenceNotBeforeTheMoment(@ForAll("startDates") LocalDate start,
                                                                     @ForAll IntervalType interval,
                                                                     @ForAll @IntRange(max = 23) int hour,
                                                                     @ForAll("zones") ZoneId zone,
                                                                     @ForAll @LongRange(min = -400, max = 40000)
                                                                     long daysAfterStart,
                                                                     @ForAll @IntRange(max = 86399) int secondOfDay) {
        Schedule schedule = new Schedule(start, interval, hour, zone);
        Instant moment = start.plusDays(daysAfterStart).atStartOfDay(zone).plusSeconds(secondOfDay).toInstant();
        long k = schedule.firstIndexAtOrAfter(moment);
        assertTrue(!schedule.occurrence(k).toInstant().isBefore(moment));
        assertTrue(k == 0 || schedule.occurrence(k - 1).toInstant().isBefore(moment));
    }

    @Property
    void firstIndexOnOrAfterFindsTheFirstOccurrenceDateNotBeforeTheDate(@ForAll("startDates") LocalDate start,
                                                                       @ForAll IntervalType interval,
                                                                       @ForAll @LongRange(min = -400, max = 40000)
                                                                       long daysAfterStart) {
        Schedule schedule = new Schedule(start, interval, 10, WARSAW);
        LocalDate date = start.plusDays(daysAfterStart);
        long k = schedule.firstIndexOnOrAfter(date);
        assertTrue(!schedule.dateOf(k).isBefore(date));
        assertTrue(k == 0 || schedule.dateOf(k - 1).isBefore(date));
    }

    @Example
    void the31stOfJanuaryMonthlyGoesToTheEndOfFebruaryThenBackToThe31st() {
        Schedule leap = new Schedule(LocalDate.of(2024, 1, 31), IntervalType.MONTH, 10, WARSAW);
        assertEquals(List.of(LocalDate.of(2024, 1, 31), LocalDate.of(2024, 2, 29), LocalDate.of(2024, 3, 31),
                LocalDate.of(2024, 4, 30), LocalDate.of(2024, 5, 31)), dates(leap, 5));
        Schedule common = new Schedule(LocalDate.of(2026, 1, 31), IntervalType.MONTH, 10, WARSAW);
        assertEquals(List.of(LocalDate.of(2026, 1, 31), LocalDate.of(2026, 2, 28), LocalDate.of(2026, 3, 31)),
                dates(common, 3));
    }

    @Example
    void theTwentyNinthOfFebruaryYearlyIsTheTwentyEighthInCommonYearsAndComesBackInLeapYears() {
        Schedule schedule = new Schedule(LocalDate.of(2024, 2, 29), IntervalType.YEAR, 10, WARSAW);
        assertEquals(List.of(LocalDate.of(2024, 2, 29), LocalDate.of(2025, 2, 28), LocalDate.of(2026, 2, 28),
                LocalDate.of(2027, 2, 28), LocalDate.of(2028, 2, 29)), dates(schedule, 5));
    }

    @Example
    void longerIntervalsCountWholeMonthsFromTheStart() {
        LocalDate start = LocalDate.of(2025, 8, 31);
        assertEquals(List.of(start, LocalDate.of(2025, 10, 31), LocalDate.of(2025, 12, 31), LocalDate.of(2026, 2, 28),
                LocalDate.of(2026, 4, 30)), dates(new Schedule(start, IntervalType.TWO_MONTHS, 10, WARSAW), 5));
        assertEquals(List.of(start, LocalDate.of(2025, 11, 30), LocalDate.of(2026, 2, 28), LocalDate.of(2026, 5, 31)),
                dates(new Schedule(start, IntervalType.THREE_MONTHS, 10, WARSAW), 4));
        assertEquals(List.of(start, LocalDate.of(2026, 2, 28), LocalDate.of(2026, 8, 31)),
                dates(new Schedule(start, IntervalType.SIX_MONTHS, 10, WARSAW), 3));
    }

    @Example
    void warsawTimeFollowsDaylightSavingAcrossTheYear() {
        // 10:00 Warsaw is 09:00 UTC in winter (CET) and 08:00 UTC in summer (CEST).
        Schedule weekly = new Schedule(LocalDate.of(2026, 3, 22), IntervalType.WEEK, 10, WARSAW);
        assertEquals(Instant.parse("2026-03-22T09:00:00Z"), weekly.occurrence(0).toInstant());
        assertEquals(Instant.parse("2026-03-29T08:00:00Z"), weekly.occurrence(1).toInstant());
        assertEquals(Duration.ofHours(167), Duration.between(weekly.occurrence(0), weekly.occurrence(1)));
        Schedule autumn = new Schedule(LocalDate.of(2026, 10, 18), IntervalType.WEEK, 10, WARSAW);
        assertEquals(Instant.parse("2026-10-18T08:00:00Z"), autumn.occurrence(0).toInstant());
        assertEquals(Instant.parse("2026-10-25T09:00:00Z"), autumn.occurrence(1).toInstant());
    }

    @Example
    void anHourSkippedBySpringForwardIsSentAtThreeAndARepeatedAutumnHourTheFirstTime() {
        Schedule spring = new Schedule(LocalDate.of(2026, 3, 29), IntervalType.WEEK, 2, WARSAW);
        assertEquals(ZonedDateTime.parse("2026-03-29T03:00+02:00[Europe/Warsaw]"), spring.occurrence(0));
        Schedule autumn = new Schedule(LocalDate.of(2026, 10, 25), IntervalType.WEEK, 2, WARSAW);
        assertEquals(Instant.parse("2026-10-25T00:00:00Z"), autumn.occurrence(0).toInstant());
        assertEquals(DayOfWeek.SUNDAY, autumn.dateOf(1).getDayOfWeek());
    }

    @Example
    void aMomentBeforeTheStartIsAnsweredWithTheFirstOccurrence() {
        Schedule schedule = new Schedule(LocalDate.of(2026, 5, 10), IntervalType.MONTH, 10, WARSAW);
        assertEquals(0, schedule.firstIndexAtOrAfter(Instant.parse("2020-01-01T00:00:00Z")));
        assertEquals(0, schedule.firstIndexAtOrAfter(Instant.parse("2026-05-10T08:00:00Z")));
        assertEquals(1, schedule.firstIndexAtOrAfter(Instant.parse("2026-05-10T08:00:00.001Z")));
    }

    private static List<LocalDate> dates(Schedule schedule, int count) {
        return java.util.stream.LongStream.range(0, count).mapToObj(schedule::dateOf).toList();
    }

    private static int monthsOf(IntervalType interval) {
        return switch (interval) {
            case WEEK -> 0;
            case MONTH -> 1;
            case TWO_MONTHS -> 2;
            case THREE_MONTHS -> 3;
            case SIX_MONTHS -> 6;
            case YEAR -> 12;
        };
    }
}
