package pl.ksefhub.recurring.delivery;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import pl.ksefhub.recurring.document.EmailAddresses;
import pl.ksefhub.recurring.events.ConsumedEvents.InvoiceAccepted;
import pl.ksefhub.recurring.events.ConsumedEvents.InvoiceRejected;
import pl.ksefhub.recurring.events.ConsumedEvents.UpoGenerated;
import pl.ksefhub.recurring.saledocument.SaleDocument;
import pl.ksefhub.recurring.schedule.Occurrence;
import pl.ksefhub.recurring.schedule.OccurrenceRepository;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Follows an issued occurrence by its correlation id: {@code invoice.accepted} marks it issued with its KSeF number,
 * {@code upo.generated} brings the UPO; when both are known the e-mail is queued (once). Events whose correlation id
 * is not one of our occurrences (upstream submissions, HTTP invoices) are ignored here. Runs inside the consumer's
 * transaction.
 */
@ApplicationScoped
public class OccurrenceResults {

    private static final Logger LOG = Logger.getLogger(OccurrenceResults.class);

    private final OccurrenceRepository occurrences;

    public OccurrenceResults(OccurrenceRepository occurrences) {
        this.occurrences = occurrences;
    }

    public Uni<Void> invoiceAccepted(InvoiceAccepted event, SaleDocument invoice) {
        return ours(event.correlationId()).invoke(occurrence -> {
            if (occurrence == null) {
                return;
            }
            occurrence.status = Occurrence.ISSUED;
            occurrence.invoiceId = invoice.id;
            occurrence.ksefNumber = invoice.ksefNumber;
            occurrence.invoiceNumber = invoice.invoiceNumber;
            if (occurrence.issuedAt == null) {
                occurrence.issuedAt = OffsetDateTime.now(ZoneOffset.UTC);
            }
            queueMailWhenComplete(occurrence);
        }).replaceWithVoid();
    }

    public Uni<Void> invoiceRejected(InvoiceRejected event) {
        return ours(event.correlationId()).invoke(occurrence -> {
            if (occurrence == null || Occurrence.ISSUED.equals(occurrence.status)) {
                return; // an acceptance is final; a later rejection would be a duplicate submission
            }
            occurrence.status = Occurrence.REJECTED;
            if (event.status() != null) {
                occurrence.rejectionCode = event.status().code();
                occurrence.rejectionDescription = event.status().description()
                        + (event.status().details() == null || event.status().details().isEmpty() ? ""
                        : ": " + String.join("; ", event.status().details()));
            }
            LOG.warnf("Recurring occurrence %s was rejected: %s", occurrence.correlationId,
                    occurrence.rejectionDescription);
        }).replaceWithVoid();
    }

    public Uni<Void> upoGenerated(UpoGenerated event) {
        if (!"invoice".equals(event.scope()) || event.upoXml() == null) {
            return Uni.createFrom().voidItem();
        }
        return ours(event.correlationId()).invoke(occurrence -> {
            if (occurrence == null) {
                return;
            }
            occurrence.upoXml = event.upoXml();
            queueMailWhenComplete(occurrence);
        }).replaceWithVoid();
    }

    private Uni<Occurrence> ours(String correlationId) {
        if (correlationId == null || !correlationId.startsWith("recurring-")) {
            return Uni.createFrom().nullItem();
        }
        return occurrences.lockByCorrelationId(correlationId);
    }

    private static void queueMailWhenComplete(Occurrence occurrence) {
        if (occurrence.mailStatus != null || !Occurrence.ISSUED.equals(occurrence.status)
                || occurrence.upoXml == null) {
            return;
        }
        boolean anyone = !EmailAddresses.parse(occurrence.email).isEmpty()
                || !EmailAddresses.parse(occurrence.emailForConfirmation).isEmpty();
        occurrence.mailStatus = anyone ? Occurrence.MAIL_PENDING : Occurrence.MAIL_NONE;
    }
}
