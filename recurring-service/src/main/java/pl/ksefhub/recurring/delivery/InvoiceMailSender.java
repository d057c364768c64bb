package pl.ksefhub.recurring.delivery;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import pl.ksefhub.recurring.saledocument.SaleDocumentRepository;
import pl.ksefhub.recurring.schedule.Occurrence;
import pl.ksefhub.recurring.schedule.OccurrenceRepository;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Sends queued e-mails one at a time. The occurrence stays locked ({@code FOR UPDATE SKIP LOCKED}) while its e-mail
 * is handed to the SMTP server and is marked sent in the same transaction, so replicas never send the same e-mail
 * side by side and a sent e-mail is recorded once. SMTP has no transactions: a crash between the server's
 * acceptance and the commit sends it again on restart (at least once); every other path sends it exactly once.
 */
@ApplicationScoped
public class InvoiceMailSender {

    private static final Logger LOG = Logger.getLogger(InvoiceMailSender.class);
    private static final String LOCK_NEXT = "select id from recurring_occurrence where mail_status = 'pending'"
            + " order by mail_attempts, id limit 1 for update skip locked";

    private final OccurrenceRepository occurrences;
    private final SaleDocumentRepository saleDocuments;
    private final ReactiveMailer mailer;

    public InvoiceMailSender(OccurrenceRepository occurrences, SaleDocumentRepository saleDocuments,
                             ReactiveMailer mailer) {
        this.occurrences = occurrences;
        this.saleDocuments = saleDocuments;
        this.mailer = mailer;
    }

    /** Sends the next pending e-mail; false when there was none or the SMTP server refused (retried later). */
    @WithTransaction
    public Uni<Boolean> sendNext() {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(LOCK_NEXT, Long.class).getResultList())
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(false)
                        : occurrences.findById(ids.get(0)).chain(this::send));
    }

    private Uni<Boolean> send(Occurrence occurrence) {
        return saleDocuments.findById(occurrence.invoiceId).chain(invoice -> {
            String invoiceXml = invoice == null ? null : invoice.invoiceXml;
            if (invoiceXml == null) {
                LOG.warnf("Occurrence %s: the accepted invoice came without its XML, e-mailing the UPO only",
                        occurrence.correlationId);
            }
            return mailer.send(InvoiceMail.compose(occurrence.email, occurrence.emailForConfirmation,
                            occurrence.invoiceNumber, occurrence.ksefNumber, occurrence.issueDate.toString(),
                            invoiceXml, occurrence.upoXml))
                    .map(sent -> {
                        occurrence.mailStatus = Occurrence.MAIL_SENT;
                        occurrence.mailSentAt = OffsetDateTime.now(ZoneOffset.UTC);
                        occurrence.mailError = null;
                        occurrence.mailAttempts++;
                        return true;
                    })
                    .onFailure().recoverWithItem(e -> {
                        occurrence.mailAttempts++;
                        occurrence.mailError = String.valueOf(e.getMessage());
                        LOG.warnf("E-mail of occurrence %s not sent (attempt %d), retrying later: %s",
                                occurrence.correlationId, occurrence.mailAttempts, e.getMessage());
                        return false;
                    });
        });
    }
}
