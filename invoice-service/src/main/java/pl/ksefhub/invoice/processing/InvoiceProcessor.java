package pl.ksefhub.invoice.processing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import pl.ksefhub.invoice.authorization.InvoicingAuthorizations;
import pl.ksefhub.invoice.config.InvoiceConfig;
import pl.ksefhub.invoice.metadata.InvoiceAvailable;
import pl.ksefhub.invoice.metadata.InvoiceReaders;
import pl.ksefhub.invoice.metadata.StorageMark;
import pl.ksefhub.invoice.metadata.StoredMetadata;
import pl.ksefhub.invoice.metadata.ThirdSubjectRows;
import pl.ksefhub.invoice.session.Authentication;
import pl.ksefhub.invoice.session.FormCode;
import pl.ksefhub.invoice.session.InvoicingSession;
import pl.ksefhub.invoice.session.InvoicingSessionRepository;
import pl.ksefhub.invoice.settlement.SessionSettlement;
import pl.ksefhub.invoice.store.Invoice;
import pl.ksefhub.invoice.store.InvoiceRepository;
import pl.ksefhub.invoice.store.InvoiceStatus;
import pl.ksefhub.invoice.store.SequenceValues;
import pl.ksefhub.invoice.store.StatusJson;
import pl.ksefhub.invoice.support.InvoiceEvents;
import pl.ksefhub.platform.offload.Offload;
import pl.ksefhub.platform.identifiers.ContextIdentifier;
import pl.ksefhub.platform.outbox.Outbox;
import pl.ksefhub.platform.tracing.LogFields;
import pl.ksefhub.platform.tracing.Traceparents;
import pl.ksefhub.platform.tracing.Tracing;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Processes received invoices in batches, one transaction per batch: claims them ({@code FOR UPDATE SKIP LOCKED},
 * so replicas and worker threads never share an invoice), reads and validates the XML off the event loop, decides,
 * numbers the accepted ones, and writes every status change with its event to the outbox. A crash anywhere rolls
 * the whole batch back to "received", to be claimed again.
 *
 * <p>Each claimed invoice is a span that continues the trace of its send (the traceparent stored with it), and the
 * events its verdict causes carry that span: one invoice, one trace, though a batch holds many.
 */
@ApplicationScoped
public class InvoiceProcessor {

    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");
    private static final String CLAIM = "select * from invoice where status_code = 100 order by id"
            + " limit :limit for update skip locked";
    private static final String CONTENTS =
            "select invoice_row_id, content from invoice_content where invoice_row_id = any(cast(:ids as bigint[]))";
    private static final String CANCELLED_DETAIL =
            "Przetwarzanie zostało przerwane z przyczyn wewnętrznych systemu. Spróbuj ponownie";

    private final InvoicingSessionRepository sessions;
    private final InvoiceRepository invoices;
    private final SessionSettlement settlement;
    private final Outbox outbox;
    private final InvoiceSchemas schemas;
    private final InvoiceXmlInspector inspector;
    private final StorageMark storageMark;
    private final InvoicingAuthorizations authorizations;
    private final FinalStatuses finalStatuses;
    private final Tracing tracing;

    public InvoiceProcessor(Tracing tracing, InvoicingSessionRepository sessions, InvoiceRepository invoices,
                            SessionSettlement settlement, Outbox outbox,
                            InvoiceSchemas schemas, InvoiceConfig config, StorageMark storageMark,
                            InvoicingAuthorizations authorizations, FinalStatuses finalStatuses) {
        this.finalStatuses = finalStatuses;
        this.tracing = tracing;
        this.storageMark = storageMark;
        this.authorizations = authorizations;
        this.sessions = sessions;
        this.invoices = invoices;
        this.settlement = settlement;
        this.outbox = outbox;
        this.schemas = schemas;
        this.inspector = new InvoiceXmlInspector(config.processing().maxDetails());
    }

    /**
     * Processes up to {@code limit} received invoices.
     *
     * @param claimedIds told which invoices were claimed (before anything can fail on them)
     * @return how many were claimed
     */
    public Uni<Integer> processBatch(int limit, Consumer<List<Long>> claimedIds) {
        List<Invoice> decided = new ArrayList<>();
        Map<Long, Span> spans = new HashMap<>();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery(CLAIM, Invoice.class)
                .setParameter("limit", limit)
                // Read-only: their changes go as one statement (VerdictRows), not through the flushes.
                .setReadOnly(true)
                .getResultList()
                .chain(claimed -> {
                    if (claimed.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    claimedIds.accept(claimed.stream().map(i -> i.id).toList());
                    claimed.forEach(invoice -> spans.put(invoice.id, span(invoice)));
                    return process(session, claimed, spans).invoke(() -> decided.addAll(claimed))
                            .replaceWith(claimed.size());
                })))
                .invoke(() -> finalStatuses.committed(decided))
                .onTermination().invoke((claimed, failure, cancelled) -> spans.values().forEach(span -> {
                    if (failure != null) {
                        span.setStatus(StatusCode.ERROR, "batch rolled back: " + failure);
                    }
                    span.end();
                }));
    }

    private Span span(Invoice invoice) {
        Span span = tracing.continuing(invoice.traceparent, "process invoice");
        span.setAttribute("ksef." + LogFields.INVOICE, invoice.referenceNumber);
        span.setAttribute("ksef." + LogFields.SESSION, invoice.sessionReferenceNumber);
        return span;
    }

    /**
     * Ends one invoice that repeatedly broke its batch with 550 (cancelled by the system), so that it cannot hold
     * back the invoices behind it.
     */
    public Uni<Void> cancel(long invoiceRowId) {
        List<Invoice> cancelled = new ArrayList<>();
        return Panache.withTransaction(() -> invoices.findById(invoiceRowId).chain(invoice -> {
            if (invoice == null || invoice.isFinal()) {
                return Uni.createFrom().voidItem();
            }
            cancelled.add(invoice);
            return sessions.find(invoice.sessionReferenceNumber).chain(session -> {
                Verdict verdict = Verdict.rejected(InvoiceStatus.CANCELLED_BY_SYSTEM, CANCELLED_DETAIL);
                apply(invoice, verdict, null);
                return outbox.enqueue(InvoiceEvents.TOPIC, invoice.sessionReferenceNumber, InvoiceRejected.TYPE,
                                rejected(invoice, session, verdict))
                        .chain(() -> settlement.settleIfComplete(invoice.sessionReferenceNumber))
                        .replaceWithVoid();
            });
        })).invoke(() -> finalStatuses.committed(cancelled));
    }

    private Uni<Void> process(Mutiny.Session session, List<Invoice> claimed, Map<Long, Span> spans) {
        List<String> sessionRefs = claimed.stream().map(i -> i.sessionReferenceNumber).distinct().toList();
        List<Long> readable = claimed.stream().filter(i -> !i.decryptionFailed).map(i -> i.id).toList();
        return sessions.list("referenceNumber in ?1", sessionRefs)
                .chain(found -> contents(session, readable)
                        .chain(xml -> inspect(claimed, byReference(found), xml)
                                .chain(inspections -> decideAndApply(session, claimed, byReference(found),
                                        inspections, xml, spans))))
                .chain(() -> settleAll(new TreeSet<>(sessionRefs)));
    }

    /**
     * The XML of the readable invoices, read past the persistence context: as managed entities each one's bytes
     * would be compared again at every flush of the batch, for contents that are never changed here.
     */
    private static Uni<Map<Long, byte[]>> contents(Mutiny.Session session, List<Long> invoiceRowIds) {
        if (invoiceRowIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        // The ids go as one array: one statement text for any number of them.
        return session.createNativeQuery(CONTENTS, Object[].class)
                .setParameter("ids", invoiceRowIds.toArray(Long[]::new))
                .getResultList()
                .map(rows -> {
                    Map<Long, byte[]> result = new HashMap<>();
                    rows.forEach(row -> result.put(((Number) row[0]).longValue(), (byte[]) row[1]));
                    return result;
                });
    }

    /** Reads every invoice of the batch on a worker thread: XML parsing and schema validation are CPU work. */
    private Uni<Map<Long, Inspected>> inspect(List<Invoice> claimed, Map<String, InvoicingSession> bySession,
                                              Map<Long, byte[]> xml) {
        return Offload.onWorker(() -> {
            Map<Long, Inspected> result = new HashMap<>();
            for (Invoice invoice : claimed) {
                InvoicingSession session = bySession.get(invoice.sessionReferenceNumber);
                Optional<InvoiceSchema> schema =
                        schemas.forFormCode(session.formSystemCode, session.formSchemaVersion);
                byte[] content = xml.get(invoice.id);
                InvoiceInspection inspection = invoice.decryptionFailed || content == null || schema.isEmpty()
                        ? null : inspector.inspect(content, schema.get());
                result.put(invoice.id, new Inspected(inspection, schema.isPresent()));
            }
            return result;
        });
    }

    private Uni<Void> decideAndApply(Mutiny.Session session, List<Invoice> claimed,
                                     Map<String, InvoicingSession> bySession, Map<Long, Inspected> inspections,
                                     Map<Long, byte[]> xml, Map<Long, Span> spans) {
        // Ids for every invoice that may be accepted, reserved up front (a sequence may have gaps), so that an
        // invoice accepted early in the batch has its KSeF number when a later copy of it is found a duplicate.
        long candidates = inspections.values().stream()
                .filter(i -> i.inspection() != null && i.inspection().isValid()).count();
        // The storage mark's lock first: batches that may accept decide one after another, so a batch sees the
        // invoices a concurrent one accepted (a duplicate is found as such, not as a unique-index failure).
        return acceptanceTime(session, candidates).chain(now -> originals(inspections.values()).chain(originals ->
                authorizations.receivedBy(session, authorizedValues(bySession.values())).chain(received ->
                SequenceValues.next(session, SequenceValues.KSEF_INVOICE_IDS, (int) candidates).chain(ids -> {
            LocalDate today = now.atZoneSameInstant(WARSAW).toLocalDate();
            Iterator<Long> nextId = ids.iterator();
            List<Outbox.PendingEvent> events = new ArrayList<>();
            Map<Long, List<InvoiceMetadataFields.ThirdSubject>> thirdSubjects = new HashMap<>();
            for (Invoice invoice : claimed) {
                InvoicingSession owner = bySession.get(invoice.sessionReferenceNumber);
                Inspected inspected = inspections.get(invoice.id);
                InvoiceInspection inspection = inspected.inspection();
                Verdict verdict = InvoiceRules.decide(
                        new InvoiceRules.Candidate(invoice.decryptionFailed, inspection, inspected.schemaKnown()),
                        new InvoiceRules.Terms(formCode(owner), owner.contextType, owner.contextValue,
                                owner.takesAttachment(invoice.offlineMode && invoice.hashOfCorrectedInvoice != null),
                                inspection != null && InvoicingAuthorizations.allows(received, inspection.sellerNip(),
                                        owner.contextType, owner.contextValue,
                                        InvoiceRules.nipOf(owner.contextType, owner.contextValue),
                                        owner.formSystemCode, inspection.buyerNip())),
                        today, originals);
                apply(invoice, verdict, inspection);
                Span span = spans.get(invoice.id);
                span.setAttribute("ksef.status.code", (long) invoice.statusCode);
                String traceparent = Traceparents.of(span.getSpanContext());
                if (verdict.isAccepted()) {
                    long invoiceId = nextId.next();
                    invoice.invoiceId = invoiceId;
                    invoice.acquisitionDate = now;
                    invoice.permanentStorageDate = now;
                    invoice.ksefNumber = KsefNumbers.of(invoice.sellerNip, today, invoiceId);
                    invoice.formSystemCode = owner.formSystemCode;
                    invoice.formSchemaVersion = owner.formSchemaVersion;
                    invoice.formValue = owner.formValue;
                    thirdSubjects.put(invoice.id, inspection.metadata().thirdSubjects());
                    originals.put(InvoiceRules.keyOf(inspection),
                            new InvoiceRules.Original(invoice.ksefNumber, invoice.sessionReferenceNumber));
                    events.add(new Outbox.PendingEvent(InvoiceEvents.TOPIC, invoice.sessionReferenceNumber,
                            InvoiceAccepted.TYPE, accepted(invoice, owner, xml.get(invoice.id)), traceparent));
                    available(invoice, owner, inspection.metadata()).forEach(event -> events.add(
                            new Outbox.PendingEvent(InvoiceEvents.TOPIC, invoice.sessionReferenceNumber,
                                    InvoiceAvailable.TYPE, event, traceparent)));
                } else {
                    events.add(new Outbox.PendingEvent(InvoiceEvents.TOPIC, invoice.sessionReferenceNumber,
                            InvoiceRejected.TYPE, rejected(invoice, owner, verdict), traceparent));
                }
            }
            // One statement per table for the whole batch: every native statement makes Hibernate flush (and
            // dirty-check) what the session manages first, so one insert per event cost O(batch²) checks.
            return VerdictRows.write(session, claimed)
                    .chain(() -> ThirdSubjectRows.insert(session, thirdSubjects))
                    .chain(() -> outbox.enqueueAll(events));
        }))));
    }

    /**
     * The acquisition and permanent-storage date of the invoices this batch accepts: a stamp of the High Water
     * Mark's row, whose lock this transaction then holds to its commit (see StorageMark). A batch that accepts
     * nothing takes no lock.
     */
    private Uni<OffsetDateTime> acceptanceTime(Mutiny.Session session, long candidates) {
        if (candidates == 0) {
            return Uni.createFrom().item(OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
        }
        return storageMark.stamp(session);
    }

    /** One {@code invoice.available} per context that may read the invoice. */
    private static List<InvoiceAvailable> available(Invoice invoice, InvoicingSession session,
                                                    InvoiceMetadataFields metadata) {
        List<InvoiceReaders.Identified> third = metadata.thirdSubjects().stream()
                .map(t -> new InvoiceReaders.Identified(t.party().identifierType(), t.party().identifierValue()))
                .toList();
        return InvoiceReaders.of(invoice.sellerNip, invoice.buyerIdentifierType, invoice.buyerIdentifierValue,
                        third, invoice.authorizedNip).stream()
                .map(reader -> new InvoiceAvailable(invoice.sessionReferenceNumber, invoice.referenceNumber,
                        invoice.ksefNumber, reader.context(), reader.subjectTypes(), invoice.sellerNip,
                        invoice.invoiceNumber, invoice.issueDate, utc(invoice.permanentStorageDate),
                        invoice.invoiceHash, new FormCode(session.formSystemCode, session.formSchemaVersion,
                        session.formValue)))
                .toList();
    }

    private Uni<Map<InvoiceRules.BusinessKey, InvoiceRules.Original>> originals(
            java.util.Collection<Inspected> inspections) {
        List<String> nips = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        for (Inspected inspected : inspections) {
            InvoiceInspection inspection = inspected.inspection();
            if (inspection != null && inspection.sellerNip() != null && inspection.invoiceNumber() != null) {
                nips.add(inspection.sellerNip());
                numbers.add(inspection.invoiceNumber());
            }
        }
        if (nips.isEmpty()) {
            return Uni.createFrom().item(new HashMap<>());
        }
        return invoices.list("ksefNumber is not null and sellerNip in ?1 and invoiceNumber in ?2", nips, numbers)
                .map(found -> {
                    Map<InvoiceRules.BusinessKey, InvoiceRules.Original> result = new HashMap<>();
                    for (Invoice invoice : found) {
                        result.put(new InvoiceRules.BusinessKey(invoice.sellerNip, invoice.invoiceType,
                                        invoice.invoiceNumber),
                                new InvoiceRules.Original(invoice.ksefNumber, invoice.sessionReferenceNumber));
                    }
                    return result;
                });
    }

    private Uni<Void> settleAll(TreeSet<String> sessionRefs) {
        // In reference order: two batches locking the same sessions never wait for each other in a cycle.
        return Multi.createFrom().iterable(sessionRefs)
                .onItem().transformToUniAndConcatenate(settlement::settleIfComplete)
                .collect().last().replaceWithVoid();
    }

    private static void apply(Invoice invoice, Verdict verdict, InvoiceInspection inspection) {
        invoice.setStatus(verdict.status());
        invoice.statusDetails = StatusJson.write(verdict.details());
        invoice.statusExtensions = StatusJson.write(verdict.extensions());
        invoice.invoicingMode = invoice.offlineMode ? "Offline" : "Online";
        if (inspection != null) {
            invoice.sellerNip = truncate(inspection.sellerNip(), 10);
            invoice.buyerNip = truncate(inspection.buyerNip(), 10);
            invoice.invoiceType = truncate(inspection.invoiceType(), 16);
            invoice.invoiceNumber = truncate(inspection.invoiceNumber(), 256);
            invoice.issueDate = parseDate(inspection.issueDate());
            StoredMetadata.apply(invoice, inspection);
        }
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private static LocalDate parseDate(String value) {
        try {
            return value == null ? null : LocalDate.parse(value);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A submission's sender gets the exact accepted XML in the event (it has no HTTP access to fetch it). */
    private static InvoiceAccepted accepted(Invoice invoice, InvoicingSession session, byte[] xml) {
        return new InvoiceAccepted(invoice.sessionReferenceNumber, invoice.referenceNumber, invoice.ordinalNumber,
                invoice.invoiceId, invoice.ksefNumber, context(session), invoice.sellerNip, invoice.invoiceNumber,
                invoice.issueDate, utc(invoice.invoicingDate), utc(invoice.acquisitionDate), invoice.invoiceHash,
                invoice.invoicingMode, new FormCode(session.formSystemCode, session.formSchemaVersion,
                session.formValue), new Authentication(session.authReferenceNumber,
                session.ksefTokenReferenceNumber, session.authDocumentHash), invoice.correlationId,
                invoice.correlationId == null || xml == null ? null : new String(xml, StandardCharsets.UTF_8));
    }

    private static InvoiceRejected rejected(Invoice invoice, InvoicingSession session, Verdict verdict) {
        return new InvoiceRejected(invoice.sessionReferenceNumber, invoice.referenceNumber, invoice.ordinalNumber,
                new InvoiceRejected.Status(verdict.status().code(), verdict.status().description(),
                        verdict.details()), session == null ? null : context(session), invoice.correlationId);
    }

    private static ContextIdentifier context(InvoicingSession session) {
        return new ContextIdentifier(session.contextType, session.contextValue);
    }

    private static OffsetDateTime utc(OffsetDateTime time) {
        return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** The identifiers authorizations may name the batch's contexts by: their NIPs and Peppol ids. */
    private static java.util.Set<String> authorizedValues(java.util.Collection<InvoicingSession> sessions) {
        java.util.Set<String> values = new java.util.HashSet<>();
        for (InvoicingSession session : sessions) {
            String nip = InvoiceRules.nipOf(session.contextType, session.contextValue);
            values.add(nip != null ? nip : session.contextValue);
        }
        return values;
    }

    private static String[] formCode(InvoicingSession session) {
        return new String[]{session.formSystemCode, session.formSchemaVersion, session.formValue};
    }

    private static Map<String, InvoicingSession> byReference(List<InvoicingSession> found) {
        return found.stream().collect(Collectors.toMap(s -> s.referenceNumber, s -> s));
    }

    private record Inspected(InvoiceInspection inspection, boolean schemaKnown) {
    }
}
