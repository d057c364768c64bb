package pl.ksefhub.upo.generation;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ksef.invoice.accepted.v1} as this service reads it (published by invoice-service; fields not listed here
 * are ignored).
 */
public record InvoiceAccepted(String referenceNumber,
                              String invoiceReferenceNumber,
                              Integer ordinalNumber,
                              String ksefNumber,
                              Context context,
                              String sellerNip,
                              String invoiceNumber,
                              LocalDate issueDate,
                              OffsetDateTime invoicingDate,
                              OffsetDateTime acquisitionDate,
                              String invoiceHash,
                              String invoicingMode,
                              FormCode formCode,
                              Authentication authentication,
                              String correlationId) {

    public record Context(String type, String value) {
    }

    public record FormCode(String systemCode, String schemaVersion, String value) {
    }

    public record Authentication(String referenceNumber, String ksefTokenReferenceNumber, String authDocumentHash) {
    }

    /** The fields a UPO cannot do without that are missing; empty when the event is usable. */
    public List<String> missingFields() {
        List<String> missing = new ArrayList<>();
        require(missing, "referenceNumber", referenceNumber);
        require(missing, "invoiceReferenceNumber", invoiceReferenceNumber);
        require(missing, "ordinalNumber", ordinalNumber);
        require(missing, "ksefNumber", ksefNumber);
        require(missing, "context.type", context == null ? null : context.type());
        require(missing, "context.value", context == null ? null : context.value());
        require(missing, "sellerNip", sellerNip);
        require(missing, "invoiceNumber", invoiceNumber);
        require(missing, "issueDate", issueDate);
        require(missing, "invoicingDate", invoicingDate);
        require(missing, "acquisitionDate", acquisitionDate);
        require(missing, "invoiceHash", invoiceHash);
        require(missing, "invoicingMode", invoicingMode);
        require(missing, "formCode.systemCode", formCode == null ? null : formCode.systemCode());
        require(missing, "formCode.schemaVersion", formCode == null ? null : formCode.schemaVersion());
        if (authentication == null || (authentication.ksefTokenReferenceNumber() == null
                && authentication.authDocumentHash() == null)) {
            missing.add("authentication.ksefTokenReferenceNumber|authDocumentHash");
        }
        return missing;
    }

    private static void require(List<String> missing, String name, Object value) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            missing.add(name);
        }
    }
}
