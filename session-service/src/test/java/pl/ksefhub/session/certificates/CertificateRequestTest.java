package pl.ksefhub.session.certificates;

import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.session.certificates.CertificatesApi.CertificateEnrollmentDataResponse;
import pl.ksefhub.testsupport.xades.XadesTestSigner;
import pl.ksefhub.testsupport.xades.XadesTestSigner.KeyKind;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** CSR checks and the comparison with the enrollment data, without a server. */
class CertificateRequestTest {

    private static final CertificateEnrollmentDataResponse SEAL = new CertificateEnrollmentDataResponse("Pieczęć",
            "PL", null, null, null, null, "Firma", "VATPL-5265877635");

    @Test
    void aCsrOfExactlyTheDataMatchesWhateverTheAttributeOrder() throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("organizationIdentifier", "VATPL-5265877635");
        data.put("countryName", "PL");
        data.put("commonName", "Pieczęć");
        data.put("organizationName", "Firma");
        CertificateRequest request = CertificateRequest.parse(Csrs.csr(data, Csrs.ec("secp256r1"),
                "SHA256withECDSA"));
        assertNull(EnrollmentData.mismatch(SEAL, request.subject()));
    }

    @Test
    void aChangedOrMissingAttributeIsNamed() throws Exception {
        Map<String, Object> data = Map.of("commonName", "Pieczęć", "countryName", "PL", "organizationName", "Inna",
                "organizationIdentifier", "VATPL-5265877635");
        CertificateRequest request = CertificateRequest.parse(Csrs.csr(data, Csrs.ec("secp256r1"),
                "SHA256withECDSA"));
        assertEquals("Atrybut O (2.5.4.10) w CSR: Inna, oczekiwano: Firma.",
                EnrollmentData.mismatch(SEAL, request.subject()));
    }

    @Test
    void theKeyIsCheckedBeforeTheSignatureAlgorithm() throws Exception {
        Map<String, Object> data = Map.of("commonName", "Pieczęć", "countryName", "PL");
        KsefException p384 = assertThrows(KsefException.class, () -> CertificateRequest.parse(
                Csrs.csr(data, Csrs.ec("secp384r1"), "SHA1withECDSA")));
        assertEquals(25010, p384.code());
        KsefException md5 = assertThrows(KsefException.class, () -> CertificateRequest.parse(
                Csrs.csr(data, Csrs.rsa(), "MD5withRSA")));
        assertEquals(25011, md5.code());
    }

    @Test
    void enrollmentDataFallBackToTheOrganizationAndPoland() {
        var person = EnrollmentData.of(XadesTestSigner.person("80010112345", KeyKind.EC_P256).certificate(),
                "80010112345");
        assertEquals(new CertificateEnrollmentDataResponse("Jan Kowalski", "PL", "Jan", "Kowalski",
                "PNOPL-80010112345", null, null, null), person);
        var anonymous = EnrollmentData.of(XadesTestSigner.anonymous(KeyKind.EC_P256).certificate(), "ABC");
        assertEquals(new CertificateEnrollmentDataResponse("Nikt", "PL", null, null, null, null, null, null),
                anonymous);
    }
}
