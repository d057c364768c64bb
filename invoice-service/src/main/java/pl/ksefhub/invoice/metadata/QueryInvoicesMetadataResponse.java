package pl.ksefhub.invoice.metadata;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.OffsetDateTime;
import java.util.List;

/** The spec's {@code QueryInvoicesMetadataResponse}; {@code permanentStorageHwmDate} only for PermanentStorage. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueryInvoicesMetadataResponse(@JsonProperty("hasMore") boolean hasMore,
                                            @JsonProperty("isTruncated") boolean isTruncated,
                                            OffsetDateTime permanentStorageHwmDate,
                                            List<InvoiceMetadata> invoices) {
}
