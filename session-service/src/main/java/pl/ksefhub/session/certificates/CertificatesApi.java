package pl.ksefhub.session.certificates;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;
import java.util.List;

/** Request and response bodies of {@code /certificates/**}, named and shaped as the spec's schemas. */
public final class CertificatesApi {

    private CertificatesApi() {
    }

    /** {@code CertificateLimitsResponse}. */
    public record CertificateLimitsResponse(boolean canRequest, CertificateLimit enrollment,
                                            CertificateLimit certificate) {
    }

    /** {@code CertificateLimit}. */
    public record CertificateLimit(int remaining, int limit) {
    }

    /** {@code CertificateEnrollmentDataResponse}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CertificateEnrollmentDataResponse(String commonName, String countryName, String givenName,
                                                    String surname, String serialNumber, String uniqueIdentifier,
                                                    String organizationName, String organizationIdentifier) {
    }

    /** {@code EnrollCertificateRequest}; {@code validFrom} is read as text to report a bad date as 21405. */
    public record EnrollCertificateRequest(String certificateName, String certificateType, String csr,
                                           String validFrom) {
    }

    /** {@code EnrollCertificateResponse}. */
    public record EnrollCertificateResponse(String referenceNumber, OffsetDateTime timestamp) {
    }

    /** {@code CertificateEnrollmentStatusResponse}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CertificateEnrollmentStatusResponse(OffsetDateTime requestDate, StatusInfo status,
                                                      String certificateSerialNumber) {
    }

    /** {@code StatusInfo}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StatusInfo(int code, String description, List<String> details) {
    }

    /** {@code RetrieveCertificatesRequest}. */
    public record RetrieveCertificatesRequest(List<String> certificateSerialNumbers) {
    }

    /** {@code RetrieveCertificatesResponse}. */
    public record RetrieveCertificatesResponse(List<RetrieveCertificatesListItem> certificates) {
    }

    /** {@code RetrieveCertificatesListItem}. */
    public record RetrieveCertificatesListItem(String certificate, String certificateName,
                                               String certificateSerialNumber, String certificateType) {
    }

    /** {@code RevokeCertificateRequest}. */
    public record RevokeCertificateRequest(String revocationReason) {
    }

    /** {@code QueryCertificatesRequest}; dates as text, validated to 21405. */
    public record QueryCertificatesRequest(String certificateSerialNumber, String name, String type, String status,
                                           String expiresAfter) {
    }

    /** {@code QueryCertificatesResponse}. */
    public record QueryCertificatesResponse(List<CertificateListItem> certificates, boolean hasMore) {
    }

    /** {@code CertificateListItem}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CertificateListItem(String certificateSerialNumber, String name, String type, String commonName,
                                      String status, CertificateSubjectIdentifier subjectIdentifier,
                                      OffsetDateTime validFrom, OffsetDateTime validTo, OffsetDateTime lastUseDate,
                                      OffsetDateTime requestDate) {
    }

    /** {@code CertificateSubjectIdentifier}. */
    public record CertificateSubjectIdentifier(String type, String value) {
    }
}
