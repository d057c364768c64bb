package pl.ksefhub.session.auth.xades;

/** Checks on the context identifier beyond the schema's patterns, and the NIP a context belongs to. */
public final class ContextIdentifiers {

    private static final int[] NIP_WEIGHTS = {6, 5, 7, 2, 3, 4, 5, 6, 7};

    private ContextIdentifiers() {
    }

    /**
     * @throws pl.ksefhub.platform.error.KsefException 21117 when the NIP in the identifier fails its checksum, or a
     *                                                 Peppol id is not one
     */
    public static void requireValid(String contextType, String contextValue) {
        if (CertificateSubject.PEPPOL_ID.equals(contextType)
                && !CertificateSubject.PEPPOL.matcher(contextValue).matches()) {
            throw XadesErrors.badContextIdentifier("Nieprawidłowy identyfikator dostawcy usług Peppol " + contextValue
                    + ".");
        }
        String nip = nipOf(contextType, contextValue);
        if (nip != null && !isValidNip(nip)) {
            throw XadesErrors.badContextIdentifier(
                    "Nieprawidłowa suma kontrolna numeru NIP %s.".formatted(nip));
        }
    }

    /** The NIP of a {@code Nip}, {@code InternalId} ({@code NIP-nnnnn}) or {@code NipVatUe} context; else null. */
    public static String nipOf(String contextType, String contextValue) {
        return switch (contextType) {
            case "Nip" -> contextValue;
            case "InternalId", "NipVatUe" -> contextValue.length() >= 10 ? contextValue.substring(0, 10) : null;
            default -> null;
        };
    }

    public static boolean isValidNip(String nip) {
        if (nip == null || !nip.matches("\\d{10}")) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += NIP_WEIGHTS[i] * (nip.charAt(i) - '0');
        }
        int check = sum % 11;
        return check != 10 && check == nip.charAt(9) - '0';
    }
}
