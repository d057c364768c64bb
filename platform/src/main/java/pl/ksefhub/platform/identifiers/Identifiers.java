package pl.ksefhub.platform.identifiers;

import java.util.regex.Pattern;

/**
 * The spec's identifier patterns ({@code Nip}, {@code InternalId}, {@code NipVatUe}, {@code KsefNumber} schemas of
 * open-api.json), once
 * for every service that checks them.
 */
public final class Identifiers {

    /** {@code Nip}: ten digits, as the spec's pattern allows them (not the checksum). */
    public static final Pattern NIP = Pattern.compile("^[1-9]((\\d[1-9])|([1-9]\\d))\\d{7}$");
    /** {@code InternalId}: NIP-5 digits. */
    public static final Pattern INTERNAL_ID = Pattern.compile("^[1-9]((\\d[1-9])|([1-9]\\d))\\d{7}-\\d{5}$");
    /** {@code NipVatUe}: NIP-EU VAT number. */
    public static final Pattern NIP_VAT_UE =
            Pattern.compile("^[1-9]((\\d[1-9])|([1-9]\\d))\\d{7}-[A-Z]{2}[0-9A-Z+*]{2,13}$");
    /** {@code KsefNumber}: 35 characters (KSeF 2.0), the 36-character KSeF 1.0 form (a hyphen more) included. */
    public static final Pattern KSEF_NUMBER = Pattern.compile("^([1-9](\\d[1-9]|[1-9]\\d)\\d{7})-"
            + "(20[2-9][0-9]|2[1-9]\\d{2}|[3-9]\\d{3})(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])-"
            + "([0-9A-F]{6})-?([0-9A-F]{6})-([0-9A-F]{2})$");

    private Identifiers() {
    }
}
