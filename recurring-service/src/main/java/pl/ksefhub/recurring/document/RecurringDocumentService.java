package pl.ksefhub.recurring.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.recurring.RecurringConfig;
import pl.ksefhub.recurring.access.Caller;
import pl.ksefhub.recurring.document.RecurringDocumentApi.DocumentView;
import pl.ksefhub.recurring.document.RecurringDocumentApi.FindResult;
import pl.ksefhub.recurring.envelope.ApiRefusal;
import pl.ksefhub.recurring.envelope.JsonFields;
import pl.ksefhub.recurring.saledocument.SaleDocument;
import pl.ksefhub.recurring.saledocument.SaleDocumentRepository;
import pl.ksefhub.recurring.schedule.IntervalType;
import pl.ksefhub.recurring.schedule.ScheduleCursor;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The recurring-documents API (seeds/004): add, get, update, delete, init. Refusals ({@link ApiRefusal}) are
 * raised before anything is written, so a refused request changes nothing.
 */
@ApplicationScoped
public class RecurringDocumentService {

    /** Every recurring document's name starts so (the API this one follows adds it; never twice). */
    public static final String NAME_PREFIX = "CYKLICZNA - ";
    public static final String DELETED = "Usunięto dokument";
    static final IntervalType DEFAULT_INTERVAL = IntervalType.MONTH;
    static final int DEFAULT_HOUR = 10;
    private static final int MAX_NAME = 500;
    private static final Pattern HOUR = Pattern.compile("(\\d{1,2})(?::00)?");

    private final RecurringDocumentRepository documents;
    private final SaleDocumentRepository saleDocuments;
    private final RecurringDocumentSearch search;
    private final RecurringConfig config;
    private final Clock clock;

    public RecurringDocumentService(RecurringDocumentRepository documents, SaleDocumentRepository saleDocuments,
                                    RecurringDocumentSearch search, RecurringConfig config, Clock clock) {
        this.documents = documents;
        this.saleDocuments = saleDocuments;
        this.search = search;
        this.config = config;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<DocumentView> add(Caller caller, ObjectNode body) {
        String name = JsonFields.text(body, "name");
        Long saleDocumentId = JsonFields.longValue(body, "idSaleDocument");
        if (name == null || name.isBlank() || saleDocumentId == null) {
            throw ApiRefusal.missingValues();
        }
        Fields fields = Fields.read(body);
        return saleDocuments.findOwned(caller, saleDocumentId).chain(saleDocument -> {
            OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
            RecurringDocument document = new RecurringDocument();
            document.contextType = caller.contextType();
            document.contextValue = caller.contextValue();
            document.name = prefixed(name);
            useSaleDocument(document, saleDocument);
            document.intervalType = Objects.requireNonNullElse(fields.interval, DEFAULT_INTERVAL).code();
            document.startDate = Objects.requireNonNullElse(fields.startDate, today());
            document.hourToSend = Objects.requireNonNullElse(fields.hour, DEFAULT_HOUR);
            document.active = Objects.requireNonNullElse(fields.active, Boolean.TRUE);
            document.email = fields.emailGiven ? fields.email : null;
            document.emailForConfirmation = fields.emailForConfirmationGiven ? fields.emailForConfirmation : null;
            document.createdAt = now;
            document.updatedAt = now;
            ScheduleCursor.restart(document, config.zone(), now.toInstant());
            return documents.persist(document).map(RecurringDocumentService::view);
        });
    }

    @WithSession
    public Uni<DocumentView> get(Caller caller, String id) {
        return documents.findOwned(caller, documentId(id), false).map(RecurringDocumentService::view);
    }

    /**
     * Changes the fields the request carries and keeps the others. A changed schedule (interval, start date, hour)
     * or a reactivation restarts the scheduler's cursor from today; occurrences already issued stay issued.
     */
    @WithTransaction
    public Uni<DocumentView> update(Caller caller, ObjectNode body) {
        Long id = JsonFields.longValue(body, "id");
        if (id == null) {
            throw ApiRefusal.missingValues();
        }
        if (body.has("name") && (JsonFields.text(body, "name") == null || JsonFields.text(body, "name").isBlank())) {
            throw ApiRefusal.missingValues();
        }
        Fields fields = Fields.read(body);
        Long saleDocumentId = JsonFields.longValue(body, "idSaleDocument");
        return documents.findOwned(caller, id, true)
                .chain(document -> saleDocumentId == null ? Uni.createFrom().item(document)
                        : saleDocuments.findOwned(caller, saleDocumentId).map(saleDocument -> {
                            useSaleDocument(document, saleDocument);
                            return document;
                        }))
                .map(document -> {
                    String scheduleBefore = scheduleKey(document);
                    boolean wasActive = document.active;
                    if (JsonFields.has(body, "name")) {
                        document.name = prefixed(JsonFields.text(body, "name"));
                    }
                    if (fields.interval != null) {
                        document.intervalType = fields.interval.code();
                    }
                    if (fields.startDate != null) {
                        document.startDate = fields.startDate;
                    }
                    if (fields.hour != null) {
                        document.hourToSend = fields.hour;
                    }
                    if (fields.active != null) {
                        document.active = fields.active;
                    }
                    if (fields.emailGiven) {
                        document.email = fields.email;
                    }
                    if (fields.emailForConfirmationGiven) {
                        document.emailForConfirmation = fields.emailForConfirmation;
                    }
                    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
                    document.updatedAt = now;
                    if (!document.active) {
                        document.nextDueAt = null;
                    } else if (!wasActive || !scheduleBefore.equals(scheduleKey(document))) {
                        ScheduleCursor.restart(document, config.zone(), now.toInstant());
                    }
                    return view(document);
                });
    }

    /** Soft delete: the occurrences already issued keep their document, the scheduler forgets it. */
    @WithTransaction
    public Uni<String> delete(Caller caller, String id) {
        return documents.findOwned(caller, documentId(id), true).map(document -> {
            document.deletedAt = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
            document.active = false;
            document.nextDueAt = null;
            return DELETED;
        });
    }

    /** A new document's defaults (interval month, start today, hour 10, active) with what the request gives. */
    @WithSession
    public Uni<DocumentView> init(Caller caller, ObjectNode body) {
        String name = JsonFields.text(body, "name");
        Long saleDocumentId = JsonFields.longValue(body, "idSaleDocument");
        Fields fields = Fields.read(body);
        Uni<Long> checked = saleDocumentId == null ? Uni.createFrom().nullItem()
                : saleDocuments.findOwned(caller, saleDocumentId).map(saleDocument -> saleDocument.id);
        return checked.map(ignored -> new DocumentView(null, saleDocumentId,
                Objects.requireNonNullElse(fields.interval, DEFAULT_INTERVAL).code(),
                name == null || name.isBlank() ? null : prefixed(name),
                Objects.requireNonNullElse(fields.startDate, today()).toString(),
                Objects.requireNonNullElse(fields.active, Boolean.TRUE).toString(),
                fields.email, fields.emailForConfirmation,
                Integer.toString(Objects.requireNonNullElse(fields.hour, DEFAULT_HOUR))));
    }

    @WithSession
    public Uni<FindResult> find(Caller caller, ObjectNode body) {
        return search.find(caller, body);
    }

    static DocumentView view(RecurringDocument document) {
        return new DocumentView(document.id, document.saleDocumentId, document.intervalType, document.name,
                document.startDate.toString(), Boolean.toString(document.active), document.email,
                document.emailForConfirmation, Integer.toString(document.hourToSend));
    }

    static String prefixed(String name) {
        String trimmed = name.trim();
        String full = trimmed.startsWith(NAME_PREFIX) ? trimmed : NAME_PREFIX + trimmed;
        if (full.length() > MAX_NAME) {
            throw new ApiRefusal("Nazwa dokumentu jest za długa (maksymalnie %d znaków)".formatted(MAX_NAME));
        }
        return full;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(config.zone()));
    }

    private static void useSaleDocument(RecurringDocument document, SaleDocument saleDocument) {
        document.saleDocumentId = saleDocument.id;
        document.saleDocumentName = saleDocument.invoiceNumber;
    }

    private static String scheduleKey(RecurringDocument document) {
        return document.intervalType + "|" + document.startDate + "|" + document.hourToSend;
    }

    private static long documentId(String id) {
        try {
            return Long.parseLong(id.trim());
        } catch (RuntimeException e) {
            throw ApiRefusal.documentNotFound(id);
        }
    }

    /** The optional fields of add, update and init, validated; null when the request does not carry them. */
    private record Fields(IntervalType interval, LocalDate startDate, Integer hour, Boolean active,
                          boolean emailGiven, String email, boolean emailForConfirmationGiven,
                          String emailForConfirmation) {

        static Fields read(JsonNode body) {
            String intervalCode = JsonFields.text(body, "intervalTimeType");
            IntervalType interval = intervalCode == null ? null : IntervalType.ofCode(intervalCode.trim())
                    .orElseThrow(() -> new ApiRefusal("Nieprawidłowa wartość pola intervalTimeType: '%s' (dostępne: %s)"
                            .formatted(intervalCode, IntervalType.CODES)));
            return new Fields(interval, JsonFields.date(body, "startDate"), hour(JsonFields.text(body, "hourToSend")),
                    JsonFields.booleanValue(body, "active"),
                    body.has("email"), EmailAddresses.normalize("email", JsonFields.text(body, "email")),
                    body.has("emailForConfirmation"), EmailAddresses.normalize("emailForConfirmation",
                            JsonFields.text(body, "emailForConfirmation")));
        }

        private static Integer hour(String value) {
            if (value == null) {
                return null;
            }
            Matcher matcher = HOUR.matcher(value.trim());
            if (!matcher.matches() || Integer.parseInt(matcher.group(1)) > 23) {
                throw new ApiRefusal("Nieprawidłowa godzina w polu hourToSend: '%s' (oczekiwana godzina od 0 do 23)"
                        .formatted(value));
            }
            return Integer.parseInt(matcher.group(1));
        }
    }
}
