package pl.ksefhub.platform.refnum;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * KSeF reference numbers: {@code YYYYMMDD-TT-HHHHHHHHHH-HHHHHHHHHH-CC} (36 characters), where TT is the kind
 * ({@code SO} online session, {@code SB} batch session, {@code EE} invoice, {@code EU} UPO, {@code AU}
 * authentication, {@code CR} challenge, {@code EC} KSeF token, {@code EH} invoice export and certificate request,
 * {@code EG} permission operation),
 * the first hex block is time-derived, the second random, and CC the CRC-8 of the first 33 characters.
 */
public final class ReferenceNumbers {

    public static final String ONLINE_SESSION = "SO";
    public static final String BATCH_SESSION = "SB";
    public static final String INVOICE = "EE";
    public static final String UPO = "EU";
    public static final String AUTHENTICATION = "AU";
    public static final String CHALLENGE = "CR";
    public static final String KSEF_TOKEN = "EC";
    // The spec's examples give both an export and a certificate request the kind EH; so do we.
    /** An asynchronous invoice export (POST /invoices/exports). */
    public static final String INVOICE_EXPORT = "EH";
    /** A KSeF certificate request (the spec's example of {@code POST /certificates/enrollments}). */
    public static final String CERTIFICATE_ENROLLMENT = "EH";
    /** A grant or revoke of permissions (the spec's example of {@code POST /permissions/persons/grants}). */
    public static final String PERMISSION_OPERATION = "EG";

    private static final Pattern FORMAT = Pattern.compile(
            "(20[2-9][0-9]|2[1-9][0-9]{2}|[3-9][0-9]{3})(0[1-9]|1[0-2])(0[1-9]|[1-2][0-9]|3[0-1])"
                    + "-([0-9A-Z]{2})-([0-9A-F]{10})-([0-9A-F]{10})-([0-9A-F]{2})");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The time block: the low 40 bits of the issuing microsecond. */
    private static final long TIME_MASK = 0xFF_FFFF_FFFFL;

    private ReferenceNumbers() {
    }

    public static String next(String kind) {
        return next(kind, Clock.systemUTC());
    }

    public static String next(String kind, Clock clock) {
        long micros = clock.millis() * 1000 + (System.nanoTime() / 1000) % 1000;
        String timePart = String.format("%010X", micros & TIME_MASK);
        String randomPart = String.format("%010X", RANDOM.nextLong() & 0xFF_FFFF_FFFFL);
        String body = LocalDate.now(clock.withZone(WARSAW)).format(DAY) + "-" + kind + "-" + timePart + "-"
                + randomPart;
        return body + "-" + Crc8.hex(body);
    }

    /** Format and checksum both right. */
    public static boolean isValid(String referenceNumber) {
        return referenceNumber != null && referenceNumber.length() == 36
                && FORMAT.matcher(referenceNumber).matches()
                && Crc8.hex(referenceNumber.substring(0, 33)).equals(referenceNumber.substring(34));
    }

    /**
     * When a valid reference number was issued, as far as it tells: its time block holds the low 40 bits of the
     * issuing microsecond (about 12.7 days of range), its date the Warsaw day. The instant is the latest one not
     * after {@code clock}'s now (plus a minute for clocks of other machines) with those low bits, and it must fall
     * on that day; otherwise (a made-up or very old number) it is empty.
     */
    public static Optional<Instant> issuedAt(String referenceNumber, Clock clock) {
        if (!isValid(referenceNumber)) {
            return Optional.empty();
        }
        long low = Long.parseLong(referenceNumber.substring(12, 22), 16);
        long latest = (clock.millis() + 60_000) * 1000;
        long micros = (latest & ~TIME_MASK) | low;
        if (micros > latest) {
            micros -= TIME_MASK + 1;
        }
        Instant issued = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1000);
        LocalDate day = LocalDate.parse(referenceNumber.substring(0, 8), DAY);
        return issued.atZone(WARSAW).toLocalDate().equals(day) ? Optional.of(issued) : Optional.empty();
    }

    /** The kind (TT) of a well-formed reference number. */
    public static String kindOf(String referenceNumber) {
        return referenceNumber.substring(9, 11);
    }
}
