package pl.ksefhub.invoice.processing;

import pl.ksefhub.platform.identifiers.Identifiers;
import pl.ksefhub.platform.refnum.Crc8;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * KSeF numbers ({@code faktury/numer-ksef.md}): {@code NNNNNNNNNN-YYYYMMDD-XXXXXXXXXXXX-CC}, 35 characters: the
 * seller's NIP, the date the invoice was accepted (Europe/Warsaw), a 12-digit uppercase hex technical part and the
 * CRC-8 of the first 32 characters. Our technical part is {@code 01} followed by the invoice's numeric id in 10 hex
 * digits, which makes it unique without coordination (the id comes from a database sequence).
 */
public final class KsefNumbers {

    /** The spec's {@code KsefNumber} pattern (the 36-character KSeF 1.0 form included). */
    public static final Pattern FORMAT = Identifiers.KSEF_NUMBER;
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final long MAX_ID = 0xFF_FFFF_FFFFL;

    private KsefNumbers() {
    }

    public static String of(String sellerNip, LocalDate acceptedOn, long invoiceId) {
        if (invoiceId < 1 || invoiceId > MAX_ID) {
            throw new IllegalArgumentException("invoice id out of the technical part's range: " + invoiceId);
        }
        String body = sellerNip + "-" + acceptedOn.format(DAY) + "-" + String.format("01%010X", invoiceId);
        return body + "-" + Crc8.hex(body);
    }

    /** Format and checksum both right (the checksum covers everything before the last hyphen). */
    public static boolean isValid(String ksefNumber) {
        if (ksefNumber == null || !FORMAT.matcher(ksefNumber).matches()) {
            return false;
        }
        int lastHyphen = ksefNumber.lastIndexOf('-');
        return Crc8.hex(ksefNumber.substring(0, lastHyphen)).equals(ksefNumber.substring(lastHyphen + 1));
    }
}
