package pl.ksefhub.upo.generation;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * {@code ksef.upo.generated.v1} on {@code ksef.upo.events} (schema: {@code events/ksef.upo.generated.v1.json}).
 *
 * @param scope                  {@code invoice} or {@code session}
 * @param invoiceReferenceNumber scope invoice only
 * @param ksefNumber             scope invoice only
 * @param pages                  the invoice UPO (one entry), or every page of the session UPO in page order
 * @param correlationId          scope invoice, for submissions only: the submission's correlation id
 * @param upoXml                 scope invoice, for submissions only: the exact signed UPO bytes as UTF-8 text
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpoGenerated(String referenceNumber,
                           String scope,
                           String invoiceReferenceNumber,
                           String ksefNumber,
                           List<Page> pages,
                           String correlationId,
                           String upoXml) {

    public static final String TOPIC = "ksef.upo.events";
    public static final String TYPE = "ksef.upo.generated.v1";

    public record Page(String referenceNumber, String downloadUrl, OffsetDateTime downloadUrlExpirationDate) {
    }
}
