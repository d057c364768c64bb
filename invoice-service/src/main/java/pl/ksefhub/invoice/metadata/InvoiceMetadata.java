package pl.ksefhub.invoice.metadata;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import pl.ksefhub.invoice.session.FormCode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** The spec's {@code InvoiceMetadata}: one accepted invoice as the metadata query (and an export's
 * {@code _metadata.json}) shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvoiceMetadata(String ksefNumber, String invoiceNumber, LocalDate issueDate,
                              OffsetDateTime invoicingDate, OffsetDateTime acquisitionDate,
                              OffsetDateTime permanentStorageDate, Seller seller, Buyer buyer, BigDecimal netAmount,
                              BigDecimal grossAmount, BigDecimal vatAmount, String currency, String invoicingMode,
                              String invoiceType, FormCode formCode,
                              @JsonProperty("isSelfInvoicing") boolean isSelfInvoicing,
                              @JsonProperty("hasAttachment") boolean hasAttachment, String invoiceHash,
                              String hashOfCorrectedInvoice, List<ThirdSubject> thirdSubjects,
                              AuthorizedSubject authorizedSubject) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Seller(String nip, String name) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Identifier(String type, String value) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Buyer(Identifier identifier, String name) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ThirdSubject(Identifier identifier, String name, int role) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AuthorizedSubject(String nip, String name, Integer role) {
    }
}
