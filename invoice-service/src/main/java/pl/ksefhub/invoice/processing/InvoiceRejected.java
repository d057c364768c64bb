package pl.ksefhub.invoice.processing;


import pl.ksefhub.platform.identifiers.ContextIdentifier;
import java.util.List;

/** {@code ksef.invoice.rejected.v1}: the invoice ended with a failure status. */
public record InvoiceRejected(String referenceNumber, String invoiceReferenceNumber, int ordinalNumber,
                              Status status, ContextIdentifier context, String correlationId) {

    public static final String TYPE = "ksef.invoice.rejected.v1";

    public record Status(int code, String description, List<String> details) {
    }
}
