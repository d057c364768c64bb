package pl.ksefhub.session.events;

import java.time.OffsetDateTime;
import java.util.List;

/** session-service's own reading of other services' events: only the fields it uses (tolerant reader). */
public final class ConsumedEvents {

    public static final String INVOICE_RECEIVED = "ksef.invoice.received.v1";
    public static final String INVOICE_ACCEPTED = "ksef.invoice.accepted.v1";
    public static final String INVOICE_REJECTED = "ksef.invoice.rejected.v1";
    public static final String INVOICES_SETTLED = "ksef.session.invoices-settled.v1";
    public static final String UPO_GENERATED = "ksef.upo.generated.v1";
    public static final String BATCH_PART_UPLOADED = "ksef.batch.part-uploaded.v1";
    public static final String BATCH_PACKAGE_REJECTED = "ksef.batch.package-rejected.v1";

    private ConsumedEvents() {
    }

    /** Any invoice event: all this service needs is which session it belongs to. */
    public record InvoiceEvent(String referenceNumber) {
    }

    public record InvoicesSettled(String referenceNumber, int totalInvoiceCount, int successfulInvoiceCount,
                                  int failedInvoiceCount) {
    }

    public record BatchPartUploaded(String referenceNumber, int ordinalNumber, long size, String hash,
                                    OffsetDateTime uploadedAt) {
    }

    public record Status(int code, String description, List<String> details) {
    }

    public record BatchPackageRejected(String referenceNumber, Status status) {
    }

    public record UpoPage(String referenceNumber, String downloadUrl, OffsetDateTime downloadUrlExpirationDate) {
    }

    public record UpoGenerated(String referenceNumber, String scope, List<UpoPage> pages) {
    }
}
