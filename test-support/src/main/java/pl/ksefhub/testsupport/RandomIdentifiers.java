package pl.ksefhub.testsupport;

import java.time.YearMonth;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random Polish identifiers that pass the official checks, made the way the official KSeF SDKs' integration tests
 * make them (ksef-client-java {@code IdentifierGeneratorUtils}, ksef-client-csharp {@code MiscellaneousUtils}): each
 * run invents a taxpayer no one has used before. Plain JDK, so that tests outside Quarkus (deploy) can use it too.
 */
public final class RandomIdentifiers {

    /** NIP weights for digits 1..9; the check digit is the weighted sum mod 11, and a sum giving 10 is no NIP. */
    private static final int[] NIP_WEIGHTS = {6, 5, 7, 2, 3, 4, 5, 6, 7};
    /** PESEL weights for digits 1..10; the check digit is (10 - sum mod 10) mod 10. */
    private static final int[] PESEL_WEIGHTS = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
    /** The spec's NIP pattern ({@code Nip} in open-api.json): digits 2 and 3 are never both 0. */
    private static final String NIP_PATTERN = "[1-9]((\\d[1-9])|([1-9]\\d))\\d{7}";

    private RandomIdentifiers() {
    }

    /**
     * A NIP with a valid check digit and the spec's pattern: first digit 1-9, second and third not both 0, six
     * random digits, then the check digit; drawn again when the weighted sum gives 10, as the SDKs do.
     */
    public static String nip() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (true) {
            int[] digits = new int[9];
            digits[0] = random.nextInt(1, 10);
            digits[1] = random.nextInt(10);
            digits[2] = digits[1] == 0 ? random.nextInt(1, 10) : random.nextInt(10);
            for (int i = 3; i < 9; i++) {
                digits[i] = random.nextInt(10);
            }
            int check = weightedSum(digits, NIP_WEIGHTS) % 11;
            if (check != 10) {
                StringBuilder nip = new StringBuilder(10);
                for (int digit : digits) {
                    nip.append(digit);
                }
                return nip.append(check).toString();
            }
        }
    }

    /** True for 10 digits of the spec's pattern whose last digit is the NIP check digit. */
    public static boolean isValidNip(String nip) {
        if (nip == null || !nip.matches(NIP_PATTERN)) {
            return false;
        }
        int check = weightedSum(digits(nip, 9), NIP_WEIGHTS) % 11;
        return check != 10 && check == nip.charAt(9) - '0';
    }

    /**
     * A PESEL of someone born on a random real day between 1900 and 2299 (the SDKs' range): YYMMDD with the century
     * in the month (+0 for 19xx, +20 for 20xx, +40 for 21xx, +60 for 22xx), four random digits, the check digit.
     */
    public static String pesel() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int year = random.nextInt(1900, 2300);
        int month = random.nextInt(1, 13);
        int day = random.nextInt(1, YearMonth.of(year, month).lengthOfMonth() + 1);
        int encodedMonth = month + (year / 100 - 19) * 20;
        String base = "%02d%02d%02d%04d".formatted(year % 100, encodedMonth, day, random.nextInt(10_000));
        return base + peselCheckDigit(base);
    }

    /** True for 11 digits naming a real birth date (1800-2299) whose last digit is the PESEL check digit. */
    public static boolean isValidPesel(String pesel) {
        if (pesel == null || !pesel.matches("\\d{11}")) {
            return false;
        }
        int encodedMonth = Integer.parseInt(pesel.substring(2, 4));
        int century = switch (encodedMonth / 20) {
            case 0 -> 1900;
            case 1 -> 2000;
            case 2 -> 2100;
            case 3 -> 2200;
            case 4 -> 1800;
            default -> -1;
        };
        int month = encodedMonth % 20;
        if (century < 0 || month < 1 || month > 12) {
            return false;
        }
        int day = Integer.parseInt(pesel.substring(4, 6));
        YearMonth yearMonth = YearMonth.of(century + Integer.parseInt(pesel.substring(0, 2)), month);
        return day >= 1 && day <= yearMonth.lengthOfMonth()
                && peselCheckDigit(pesel.substring(0, 10)) == pesel.charAt(10) - '0';
    }

    private static int peselCheckDigit(String firstTen) {
        return (10 - weightedSum(digits(firstTen, 10), PESEL_WEIGHTS) % 10) % 10;
    }

    private static int[] digits(String text, int count) {
        int[] digits = new int[count];
        for (int i = 0; i < count; i++) {
            digits[i] = text.charAt(i) - '0';
        }
        return digits;
    }

    private static int weightedSum(int[] digits, int[] weights) {
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += digits[i] * weights[i];
        }
        return sum;
    }
}
