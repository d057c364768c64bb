package pl.ksefhub.recurring.schedule;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.Dependent;
import org.jboss.logging.Logger;
import pl.ksefhub.platform.identifiers.ContextIdentifier;
import pl.ksefhub.platform.outbox.Outbox;
import pl.ksefhub.recurring.RecurringConfig;
import pl.ksefhub.recurring.document.RecurringDocument;
import pl.ksefhub.recurring.document.RecurringDocumentRepository;
import pl.ksefhub.recurring.saledocument.SaleDocument;
import pl.ksefhub.recurring.saledocument.SaleDocumentRepository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Issues the occurrences that are due: for each, in the same transaction, the occurrence row and the
 * {@code submission.requested} announcing it (outbox). Safe with any number of replicas on one database: a due
 * document is locked {@code FOR UPDATE SKIP LOCKED} (replicas share the work instead of waiting), and the unique
 * keys of {@code recurring_occurrence} (document + due time, correlation id) let an occurrence in only once even
 * if two transactions ever reached the same one. Occurrences missed while no replica ran are issued on the next
 * tick, each once, oldest first.
 * <p>
 * {@code @Dependent}: every injection point gets its own instance, like a separate replica.
 */
@Dependent
public class OccurrenceIssuer {

    private static final Logger LOG = Logger.getLogger(OccurrenceIssuer.class);
    private static final String LOCK_DUE = "select id from recurring_document"
            + " where active and deleted_at is null and next_due_at <= :now and id not in (:skip)"
            + " order by next_due_at, id limit 1 for update skip locked";
    private static final String INSERT = "insert into recurring_occurrence (recurring_document_id, occurrence_index,"
            + " due_at, issue_date, correlation_id, context_type, context_value, sale_document_id, email,"
            + " email_for_confirmation, status, requested_at) values (:documentId, :index, :dueAt, :issueDate,"
            + " :correlationId, :contextType, :contextValue, :saleDocumentId, :email, :emailForConfirmation,"
            + " 'requested', :requestedAt) on conflict do nothing";
    private static final SubmissionRequested.FormCode DEFAULT_FORM =
            new SubmissionRequested.FormCode("FA (3)", "1-0E", "FA");

    private final RecurringDocumentRepository documents;
    private final SaleDocumentRepository saleDocuments;
    private final Outbox outbox;
    private final RecurringConfig config;

    public OccurrenceIssuer(RecurringDocumentRepository documents, SaleDocumentRepository saleDocuments,
                            Outbox outbox, RecurringConfig config) {
        this.documents = documents;
        this.saleDocuments = saleDocuments;
        this.outbox = outbox;
        this.config = config;
    }

    /**
     * One tick: due documents, one transaction each, until none is left (or a batch was done). A document whose
     * transaction fails is left for the next tick and skipped for the rest of this one, so it cannot hold up others.
     */
    public Uni<Integer> issueDue(Instant now) {
        return issueDue(now, new HashSet<>(), 0, config.scheduler().batchSize());
    }

    private Uni<Integer> issueDue(Instant now, Set<Long> skipped, int issued, int documentsLeft) {
        if (documentsLeft == 0) {
            return Uni.createFrom().item(issued);
        }
        AtomicReference<Long> locked = new AtomicReference<>();
        // Programmatic transaction: one per document, which a @WithTransaction on this loop could not give.
        return Panache.withTransaction(() -> lockNextDue(now, skipped).chain(id -> {
                    if (id == null) {
                        return Uni.createFrom().nullItem();
                    }
                    locked.set(id);
                    return documents.findById(id).chain(document -> catchUp(document, now));
                }))
                .onFailure().recoverWithItem(e -> {
                    if (locked.get() == null) {
                        throw new IllegalStateException("Cannot look for due recurring documents", e);
                    }
                    LOG.errorf(e, "Recurring document %d could not be issued, retrying next tick", locked.get());
                    skipped.add(locked.get());
                    return 0;
                })
                .chain(count -> locked.get() == null ? Uni.createFrom().item(issued)
                        : issueDue(now, skipped, issued + count, documentsLeft - 1));
    }

    /** The most overdue document no other replica is working on, locked until this transaction ends. */
    private Uni<Long> lockNextDue(Instant now, Set<Long> skipped) {
        List<Long> skip = skipped.isEmpty() ? List.of(-1L) : List.copyOf(skipped);
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(LOCK_DUE, Long.class)
                        .setParameter("now", now.atOffset(ZoneOffset.UTC))
                        .setParameter("skip", skip)
                        .getResultList())
                .map(ids -> ids.isEmpty() ? null : ids.get(0));
    }

    /**
     * Issues the document's occurrences due by {@code now} (at most the configured number per transaction) and moves
     * its cursor.
     */
    private Uni<Integer> catchUp(RecurringDocument document, Instant now) {
        Schedule schedule = document.schedule(config.zone());
        int first = document.nextOccurrence;
        int end = first;
        while (end - first < config.scheduler().maxOccurrencesPerTransaction()
                && !schedule.occurrence(end).toInstant().isAfter(now)) {
            end++;
        }
        int next = end;
        return saleDocuments.findById(document.saleDocumentId).chain(template -> Multi.createFrom()
                .range(first, next)
                .onItem().transformToUniAndConcatenate(index -> issue(document, template, schedule, index))
                .collect().with(Collectors.summingInt(issued -> issued ? 1 : 0))
                .invoke(() -> ScheduleCursor.moveTo(document, schedule, next)));
    }

    private Uni<Boolean> issue(RecurringDocument document, SaleDocument template, Schedule schedule, long index) {
        ZonedDateTime due = schedule.occurrence(index);
        String correlationId = Occurrence.correlationId(document.id, due.toLocalDate());
        OffsetDateTime requestedAt = OffsetDateTime.now(ZoneOffset.UTC);
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                        .setParameter("documentId", document.id)
                        .setParameter("index", Math.toIntExact(index))
                        .setParameter("dueAt", due.toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC))
                        .setParameter("issueDate", due.toLocalDate())
                        .setParameter("correlationId", correlationId)
                        .setParameter("contextType", document.contextType)
                        .setParameter("contextValue", document.contextValue)
                        .setParameter("saleDocumentId", document.saleDocumentId)
                        .setParameter("email", document.email)
                        .setParameter("emailForConfirmation", document.emailForConfirmation)
                        .setParameter("requestedAt", requestedAt)
                        .executeUpdate())
                .chain(inserted -> {
                    if (inserted == 0) {
                        LOG.debugf("Occurrence %s was already issued", correlationId);
                        return Uni.createFrom().item(false);
                    }
                    SubmissionRequested requested = new SubmissionRequested(correlationId,
                            new ContextIdentifier(document.contextType, document.contextValue),
                            formCode(template), null,
                            new SubmissionRequested.Template(document.saleDocumentId, due.toLocalDate(), document.id),
                            requestedAt, SubmissionRequested.SOURCE);
                    return outbox.enqueue(SubmissionRequested.TOPIC, document.contextValue, SubmissionRequested.TYPE,
                            requested).replaceWith(true);
                });
    }

    private static SubmissionRequested.FormCode formCode(SaleDocument template) {
        if (template == null || template.formSystemCode == null || template.formSchemaVersion == null
                || template.formValue == null) {
            return DEFAULT_FORM;
        }
        return new SubmissionRequested.FormCode(template.formSystemCode, template.formSchemaVersion,
                template.formValue);
    }
}
