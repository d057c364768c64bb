package pl.ksefhub.session.auth.xades;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who signed (auth/podpis-xades.md, "Wymagane atrybuty certyfikatów kwalifikowanych"): a company seal names its NIP
 * in {@code organizationIdentifier} (2.5.4.97, {@code VATPL-<NIP>}), a person's certificate names a PESEL or NIP
 * in {@code serialNumber} (2.5.4.5, {@code PNOPL-<PESEL>}, {@code TINPL-<NIP>}); with {@code
 * certificateFingerprint} the subject is the certificate's SHA-256 fingerprint.
 *
 * @param type  {@code Nip}, {@code Pesel} or {@code Fingerprint}
 * @param seal  true for an organization's seal, false for a person's signature
 */
public record CertificateSubject(String type, String value, boolean seal) {

    public static final String NIP = "Nip";
    public static final String PESEL = "Pesel";
    public static final String FINGERPRINT = "Fingerprint";
    public static final String PEPPOL_ID = "PeppolId";
    /** The spec's {@code PeppolId}. */
    public static final Pattern PEPPOL = Pattern.compile("P[A-Z]{2}[0-9]{6}");

    private static final String ORGANIZATION_IDENTIFIER = "2.5.4.97";
    private static final String SERIAL_NUMBER = "2.5.4.5";
    private static final String GIVEN_NAME = "2.5.4.42";
    private static final String SURNAME = "2.5.4.4";
    private static final Map<String, String> KEYWORDS = Map.of(ORGANIZATION_IDENTIFIER, "ORGANIZATIONIDENTIFIER",
            SERIAL_NUMBER, "SERIALNUMBER", GIVEN_NAME, "GIVENNAME", SURNAME, "SURNAME");

    private static final Pattern VATPL = Pattern.compile("(VATPL).*?(?<identifier>\\d{10})");
    private static final Pattern PESEL_PATTERN = Pattern.compile("(PNOPL|PESEL).*?(?<identifier>\\d{11})");
    private static final Pattern NIP_PATTERN = Pattern.compile("(TINPL|NIP).*?(?<identifier>\\d{10})");

    /** The subject of a {@code certificateSubject} request, when the certificate names one. */
    public static Optional<CertificateSubject> fromSubject(X509Certificate certificate) {
        Map<String, String> attributes = attributes(certificate.getSubjectX500Principal());
        String organization = attributes.get(ORGANIZATION_IDENTIFIER);
        // A seal must not name a person (givenName, surname are "niedopuszczalne" there).
        if (organization != null && !attributes.containsKey(GIVEN_NAME) && !attributes.containsKey(SURNAME)) {
            Matcher vat = VATPL.matcher(organization);
            if (vat.find()) {
                return Optional.of(new CertificateSubject(NIP, vat.group("identifier"), true));
            }
            if (PEPPOL.matcher(organization).matches()) {
                return Optional.of(new CertificateSubject(PEPPOL_ID, organization, true));
            }
        }
        String serialNumber = attributes.get(SERIAL_NUMBER);
        if (serialNumber != null) {
            Matcher pesel = PESEL_PATTERN.matcher(serialNumber);
            if (pesel.find()) {
                return Optional.of(new CertificateSubject(PESEL, pesel.group("identifier"), false));
            }
            Matcher nip = NIP_PATTERN.matcher(serialNumber);
            if (nip.find()) {
                return Optional.of(new CertificateSubject(NIP, nip.group("identifier"), false));
            }
        }
        return Optional.empty();
    }

    /** The organizationName (2.5.4.10) of the certificate's subject, else its commonName, else null. */
    public static String organizationName(X509Certificate certificate) {
        String commonName = null;
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253))
                    .getRdns()) {
                if ("O".equalsIgnoreCase(rdn.getType())) {
                    return String.valueOf(rdn.getValue());
                }
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    commonName = String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return commonName;
    }

    /** The subject of a {@code certificateFingerprint} request. */
    public static CertificateSubject fromFingerprint(X509Certificate certificate) {
        return new CertificateSubject(FINGERPRINT, fingerprint(certificate),
                attributes(certificate.getSubjectX500Principal()).containsKey(ORGANIZATION_IDENTIFIER));
    }

    /** Upper-case hex SHA-256 of the DER certificate, as KSeF shows certificate fingerprints. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().withUpperCase().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Attribute values by OID; with keywords of our own, the JDK prints their string values instead of hex DER. */
    private static Map<String, String> attributes(X500Principal principal) {
        String rfc2253 = principal.getName(X500Principal.RFC2253, KEYWORDS);
        Map<String, String> values = new HashMap<>();
        try {
            for (Rdn rdn : new LdapName(rfc2253).getRdns()) {
                KEYWORDS.forEach((oid, keyword) -> {
                    if (keyword.equalsIgnoreCase(rdn.getType())) {
                        values.putIfAbsent(oid, String.valueOf(rdn.getValue()));
                    }
                });
            }
        } catch (InvalidNameException e) {
            return Map.of();
        }
        return values;
    }
}
