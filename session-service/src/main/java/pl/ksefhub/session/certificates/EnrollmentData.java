package pl.ksefhub.session.certificates;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import pl.ksefhub.session.certificates.CertificatesApi.CertificateEnrollmentDataResponse;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DN attributes a CSR must carry (certyfikaty-KSeF.md, "Pobranie danych do wniosku certyfikacyjnego"): those
 * of the table there, read from the certificate that signed the login, and compared with a CSR's subject.
 */
final class EnrollmentData {

    private EnrollmentData() {
    }

    /**
     * The enrollment data of a login's certificate. commonName and countryName are required by the spec: a
     * certificate without them gets its organizationName (or the subject's identifier) and PL, which the CSR must
     * then carry as well.
     */
    static CertificateEnrollmentDataResponse of(X509Certificate certificate, String subjectValue) {
        Map<ASN1ObjectIdentifier, String> values = values(
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()));
        String organizationName = values.get(BCStyle.O);
        String commonName = values.getOrDefault(BCStyle.CN, organizationName != null ? organizationName : subjectValue);
        return new CertificateEnrollmentDataResponse(commonName, values.getOrDefault(BCStyle.C, "PL"),
                values.get(BCStyle.GIVENNAME), values.get(BCStyle.SURNAME), values.get(BCStyle.SERIALNUMBER),
                values.get(BCStyle.UNIQUE_IDENTIFIER), organizationName, values.get(BCStyle.ORGANIZATION_IDENTIFIER));
    }

    /** The table's attributes of the data, by OID; absent ones left out. */
    static Map<ASN1ObjectIdentifier, String> values(CertificateEnrollmentDataResponse data) {
        Map<ASN1ObjectIdentifier, String> values = new LinkedHashMap<>();
        putIfPresent(values, BCStyle.CN, data.commonName());
        putIfPresent(values, BCStyle.SURNAME, data.surname());
        putIfPresent(values, BCStyle.SERIALNUMBER, data.serialNumber());
        putIfPresent(values, BCStyle.C, data.countryName());
        putIfPresent(values, BCStyle.O, data.organizationName());
        putIfPresent(values, BCStyle.GIVENNAME, data.givenName());
        putIfPresent(values, BCStyle.UNIQUE_IDENTIFIER, data.uniqueIdentifier());
        putIfPresent(values, BCStyle.ORGANIZATION_IDENTIFIER, data.organizationIdentifier());
        return values;
    }

    /**
     * Every attribute of the name by OID, repeated ones (givenName may be) joined by a space as the single
     * {@code givenName} of the response shows them.
     */
    static Map<ASN1ObjectIdentifier, String> values(X500Name name) {
        Map<ASN1ObjectIdentifier, List<String>> all = new LinkedHashMap<>();
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                String value = attribute.getValue() instanceof ASN1String string ? string.getString()
                        : attribute.getValue().toString();
                all.computeIfAbsent(attribute.getType(), oid -> new ArrayList<>()).add(value);
            }
        }
        Map<ASN1ObjectIdentifier, String> values = new LinkedHashMap<>();
        all.forEach((oid, list) -> values.put(oid, String.join(" ", list)));
        return values;
    }

    /**
     * Null when the CSR's subject carries exactly the data, else what differs first: "we własnym imieniu", a changed,
     * missing or added attribute rejects the request.
     */
    static String mismatch(CertificateEnrollmentDataResponse data, X500Name csrSubject) {
        Map<ASN1ObjectIdentifier, String> expected = values(data);
        Map<ASN1ObjectIdentifier, String> actual = values(csrSubject);
        for (Map.Entry<ASN1ObjectIdentifier, String> entry : expected.entrySet()) {
            String value = actual.get(entry.getKey());
            if (!entry.getValue().equals(value)) {
                return "Atrybut %s (%s) w CSR: %s, oczekiwano: %s.".formatted(name(entry.getKey()),
                        entry.getKey().getId(), value == null ? "brak" : value, entry.getValue());
            }
        }
        for (ASN1ObjectIdentifier oid : actual.keySet()) {
            if (!expected.containsKey(oid)) {
                return "Atrybut %s (%s) nie występuje w danych do wniosku.".formatted(name(oid), oid.getId());
            }
        }
        return null;
    }

    private static String name(ASN1ObjectIdentifier oid) {
        String name = BCStyle.INSTANCE.oidToDisplayName(oid);
        return name == null ? oid.getId() : name;
    }

    private static void putIfPresent(Map<ASN1ObjectIdentifier, String> values, ASN1ObjectIdentifier oid,
                                     String value) {
        if (value != null) {
            values.put(oid, value);
        }
    }
}
