package pl.ksefhub.invoice.upo;

import java.time.OffsetDateTime;
import java.util.List;

/** The fields of {@code ksef.upo.generated.v1} this service reads. */
public record UpoGenerated(String referenceNumber, String scope, String invoiceReferenceNumber, String ksefNumber,
                           List<Page> pages) {

    public static final String TYPE = "ksef.upo.generated.v1";

    public record Page(String referenceNumber, String downloadUrl, OffsetDateTime downloadUrlExpirationDate) {
    }
}
