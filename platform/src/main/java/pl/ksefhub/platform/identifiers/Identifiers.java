package pl.ksefhub.platform.identifiers;

import java.util.regex.Pattern;

/**
 * The spec's identifier patterns ({@code Nip}, {@code InternalId}, {@code NipVatUe} schemas of open-api.json), once
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

    private Identifiers() {
    }
}
