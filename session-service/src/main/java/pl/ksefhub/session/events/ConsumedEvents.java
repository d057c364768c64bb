package pl.ksefhub.session.events;

import pl.ksefhub.platform.events.EventEnvelope;

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
    public static final String BATCH_PARTS_CHECKED = "ksef.batch.parts-checked.v1";

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

    /** invoice-service's answer to a close's check: the declared parts it had not stored, in ascending order. */
    public record BatchPartsChecked(String referenceNumber, String checkId, List<Integer> missingOrdinalNumbers) {

        /** A close decides on it: an answer without its check or its list is no answer. */
        public BatchPartsChecked requireComplete() {
            if (checkId == null || missingOrdinalNumbers == null) {
                throw new EventEnvelope.MalformedEventException(
                        "batch.parts-checked without checkId or missingOrdinalNumbers");
            }
            return this;
        }
    }

    public record UpoPage(String referenceNumber, String downloadUrl, OffsetDateTime downloadUrlExpirationDate) {
    }

    public record UpoGenerated(String referenceNumber, String scope, List<UpoPage> pages) {
    }
}
