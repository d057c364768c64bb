package pl.ksefhub.recurring.schedule;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How often a recurring document is issued: the codes of the recurring-documents API ({@code intervalTimeType}) and
 * the Polish names its {@code find} shows ({@code intervalTypeName}).
 */
public enum IntervalType {

    WEEK("week", "Tydzień", 0, 1),
    MONTH("month", "Miesiąc", 1, 0),
    TWO_MONTHS("two months", "Dwa miesiące", 2, 0),
    THREE_MONTHS("three months", "Trzy miesiące", 3, 0),
    SIX_MONTHS("six months", "Sześć miesięcy", 6, 0),
    YEAR("year", "Rok", 12, 0);

    public static final String CODES = Arrays.stream(values()).map(IntervalType::code)
            .collect(Collectors.joining(", "));

    private final String code;
    private final String polishName;
    private final int months;
    private final int weeks;

    IntervalType(String code, String polishName, int months, int weeks) {
        this.code = code;
        this.polishName = polishName;
        this.months = months;
        this.weeks = weeks;
    }

    public String code() {
        return code;
    }

    public String polishName() {
        return polishName;
    }

    public static Optional<IntervalType> ofCode(String code) {
        return Arrays.stream(values()).filter(type -> type.code.equals(code)).findFirst();
    }

    /**
     * The date of occurrence {@code n}, always counted from the start date: {@code plusMonths} clamps to the month's
     * last day, so 31 January gives 28/29 February and then 31 March again (never 28 March).
     */
    LocalDate nth(LocalDate start, long n) {
        return weeks > 0 ? start.plusWeeks(n * weeks) : start.plusMonths(n * months);
    }

    /** A lower bound for the index of the first occurrence on or after {@code date} (never above the true one). */
    long indexEstimate(LocalDate start, LocalDate date) {
        if (!date.isAfter(start)) {
            return 0;
        }
        long elapsed = weeks > 0 ? java.time.temporal.ChronoUnit.WEEKS.between(start, date) / weeks
                : java.time.temporal.ChronoUnit.MONTHS.between(start, date) / months;
        return Math.max(0, elapsed - 1);
    }
}
