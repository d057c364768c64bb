package pl.ksefhub.recurring.saledocument;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** The shapes of {@code /api/sale-documents}, in the style of the recurring-documents API. */
public final class SaleDocumentApi {

    private SaleDocumentApi() {
    }

    @JsonPropertyOrder({"id", "invoiceNumber", "ksefNumber", "issueDate", "acceptedAt"})
    public record SaleDocumentView(Long id, String invoiceNumber, String ksefNumber, String issueDate,
                                   String acceptedAt) {
        static SaleDocumentView of(SaleDocument document) {
            return new SaleDocumentView(document.id, document.invoiceNumber, document.ksefNumber,
                    document.issueDate == null ? null : document.issueDate.toString(),
                    document.acceptedAt == null ? null : document.acceptedAt.toString());
        }
    }

    @JsonPropertyOrder({"total", "page", "size", "ksefNumber", "invoiceNumber"})
    public record SaleDocumentParams(long total, int page, int size, String ksefNumber, String invoiceNumber) {
    }

    @JsonPropertyOrder({"params", "list"})
    public record SaleDocumentList(SaleDocumentParams params, List<SaleDocumentView> list) {
    }
}
