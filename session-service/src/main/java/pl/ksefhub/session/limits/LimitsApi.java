package pl.ksefhub.session.limits;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Bodies of {@code /limits/**} and {@code /testdata/limits/**}, field for field as in the spec. */
public final class LimitsApi {

    private LimitsApi() {
    }

    /** {@code OnlineSessionEffectiveContextLimits}, {@code BatchSessionEffectiveContextLimits}. */
    public record SessionLimits(int maxInvoiceSizeInMB, int maxInvoiceWithAttachmentSizeInMB, int maxInvoices) {

        /** MB as KSeF counts them for invoice sizes: 1,000,000 bytes (weryfikacja-faktury.md). */
        public static final long BYTES_PER_MB = 1_000_000L;

        public long maxInvoiceSizeInBytes() {
            return maxInvoiceSizeInMB * BYTES_PER_MB;
        }

        public long maxInvoiceWithAttachmentSizeInBytes() {
            return maxInvoiceWithAttachmentSizeInMB * BYTES_PER_MB;
        }
    }

    /** {@code EffectiveContextLimits} ({@code GET /limits/context}). */
    public record EffectiveContextLimits(SessionLimits onlineSession, SessionLimits batchSession) {
    }

    /** {@code OnlineSessionContextLimitsOverride}, {@code BatchSessionContextLimitsOverride}: all three required. */
    public record SessionLimitsOverride(Integer maxInvoiceSizeInMB, Integer maxInvoiceWithAttachmentSizeInMB,
                                        Integer maxInvoices) {
    }

    /** {@code SetSessionLimitsRequest} ({@code POST /testdata/limits/context/session}). */
    public record SetSessionLimitsRequest(SessionLimitsOverride onlineSession, SessionLimitsOverride batchSession) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Enrollment(Integer maxEnrollments) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Certificate(Integer maxCertificates) {
    }

    /** {@code EffectiveSubjectLimits} ({@code GET /limits/subject}). */
    public record EffectiveSubjectLimits(Enrollment enrollment, Certificate certificate) {
    }

    /** {@code SetSubjectLimitsRequest} ({@code POST /testdata/limits/subject/certificate}); every part optional. */
    public record SetSubjectLimitsRequest(String subjectIdentifierType, Enrollment enrollment,
                                          Certificate certificate) {
    }
}
