package pl.ksefhub.invoice.exports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.invoice.config.InvoiceConfig;
import pl.ksefhub.invoice.exports.ExportApi.InvoiceExportRequest;
import pl.ksefhub.invoice.exports.ExportApi.InvoiceExportStatusResponse;
import pl.ksefhub.invoice.metadata.InvoiceMetadataQueries;
import pl.ksefhub.invoice.metadata.InvoiceReaders;
import pl.ksefhub.invoice.metadata.MetadataQuery;
import pl.ksefhub.invoice.store.StatusJson;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.keys.KeyUsage;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.platform.refnum.ReferenceNumbers;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * POST /invoices/exports and GET /invoices/exports/{ref}: requests are validated at once (21405, 21181, 21182),
 * stored with the range resolved (and the HWM read) at that moment, and built by {@link ExportWorker}.
 */
@ApplicationScoped
public class InvoiceExports {

    private static final String LOCK_CONTEXT = "select pg_advisory_xact_lock(hashtext(:context))";
    private static final String IN_PROGRESS = "select count(*) from invoice_export where context_type = :type"
            + " and context_value = :value and status_code = 100";
    private static final String PARTS = "select ordinal_number, part_name, part_size, part_hash,"
            + " encrypted_part_size, encrypted_part_hash from invoice_export_part"
            + " where export_reference_number = :ref order by ordinal_number";

    private static final String PART_HASH = "select encrypted_part_hash from invoice_export_part"
            + " where export_reference_number = :ref and ordinal_number = :n";

    private final InvoiceMetadataQueries queries;
    private final ExportUrls urls;
    private final ExportWorker worker;
    private final ObjectMapper json;
    private final InvoiceConfig.Exports config;
    private final PlatformKeys keys;

    public InvoiceExports(InvoiceMetadataQueries queries, ExportUrls urls, ExportWorker worker, ObjectMapper json,
                          InvoiceConfig config, PlatformKeys keys) {
        this.keys = keys;
        this.queries = queries;
        this.urls = urls;
        this.worker = worker;
        this.json = json;
        this.config = config.exports();
    }

    public Uni<String> start(KsefPrincipal principal, InvoiceExportRequest request) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        validateEncryption(request);
        keys.requireKnownPublicKey(KeyUsage.SymmetricKeyEncryption, request.encryption().publicKeyId());
        MetadataQuery query = InvoiceMetadataQueries.validated(request.filters(), now);
        if (InvoiceReaders.nipOf(principal.contextType(), principal.contextValue()) == null) {
            throw KsefException.badRequest(21181, "Nieprawidłowe żądanie eksportu faktur.",
                    "Nie można wyeksportować paczki faktur dla wybranego podmiotu (" + query.subjectType()
                            + ") i zalogowanego identyfikatora kontekstu (" + principal.contextType() + ").");
        }
        InvoiceExport export = new InvoiceExport();
        export.referenceNumber = ReferenceNumbers.next(ReferenceNumbers.INVOICE_EXPORT);
        export.contextType = principal.contextType();
        export.contextValue = principal.contextValue();
        export.filters = write(request.filters());
        export.onlyMetadata = Boolean.TRUE.equals(request.onlyMetadata());
        export.compressionType = PackageFiles.Compression.of(request.compressionType()).name();
        export.encryptedSymmetricKey = request.encryption().encryptedSymmetricKey();
        export.initializationVector = request.encryption().initializationVector();
        export.createdAt = now;
        export.rangeTo = query.to();
        setStatus(export, ExportStatus.IN_PROGRESS, null);
        // A range starting after the HWM is the export's status 420, not a request error (spec: export statuses).
        Uni<Void> range = queries.range(query)
                .invoke(resolved -> {
                    export.rangeTo = resolved.to();
                    export.permanentStorageHwmDate = resolved.permanentStorageHwmDate();
                })
                .onFailure(e -> e instanceof KsefException k && k.code() == 21183).recoverWithItem(failure -> {
                    setStatus(export, ExportStatus.OUT_OF_RANGE, List.of(InvoiceMetadataQueries.HWM_EXCEEDED));
                    export.completedAt = now;
                    return null;
                })
                .replaceWithVoid();
        return range.chain(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery(LOCK_CONTEXT).setParameter("context", principal.contextType() + ":"
                                + principal.contextValue()).getResultList()
                        .chain(() -> session.createNativeQuery(IN_PROGRESS, Long.class)
                                .setParameter("type", principal.contextType())
                                .setParameter("value", principal.contextValue()).getSingleResult())
                        .chain(inProgress -> {
                            if (inProgress >= config.maxConcurrent()) {
                                throw KsefException.badRequest(21182, "Osiągnięto limit trwających eksportów.",
                                        "Dla uwierzytelnionego podmiotu w bieżącym kontekście osiągnięto"
                                                + " maksymalny limit " + config.maxConcurrent()
                                                + " równoczesnych eksportów faktur. Spróbuj ponownie później.");
                            }
                            return session.persist(export);
                        }))))
                .invoke(worker::wake)
                .replaceWith(export.referenceNumber);
    }

    public Uni<InvoiceExportStatusResponse> status(KsefPrincipal principal, String referenceNumber) {
        return Panache.withSession(() -> InvoiceExport.<InvoiceExport>findById(referenceNumber).chain(export -> {
            if (export == null || !export.contextType.equals(principal.contextType())
                    || !export.contextValue.equals(principal.contextValue())) {
                throw KsefException.badRequest(21175, "Wynik zapytania o podanym identyfikatorze nie istnieje.");
            }
            Instant now = Instant.now();
            boolean expired = export.expiresAt != null && !export.expiresAt.toInstant().isAfter(now);
            if (export.statusCode != ExportStatus.DONE.code || expired) {
                ExportApi.StatusInfo status = expired
                        ? new ExportApi.StatusInfo(ExportStatus.EXPIRED.code, ExportStatus.EXPIRED.description, null)
                        : new ExportApi.StatusInfo(export.statusCode, export.statusDescription,
                        StatusJson.details(export.statusDetails));
                return Uni.createFrom().item(new InvoiceExportStatusResponse(status, utc(export.completedAt),
                        utc(export.expiresAt), null));
            }
            return Panache.getSession().chain(session -> session.createNativeQuery(PARTS, Object[].class)
                    .setParameter("ref", referenceNumber).getResultList()
                    .map(rows -> done(export, rows, now)));
        }));
    }

    /** The stored part's encrypted hash ({@code x-ms-meta-hash} of the download), null when there is none. */
    public Uni<String> encryptedPartHash(String referenceNumber, int ordinalNumber) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery(PART_HASH, String.class).setParameter("ref", referenceNumber)
                .setParameter("n", ordinalNumber).getResultList()
                .map(found -> found.isEmpty() ? null : found.get(0))));
    }

    private InvoiceExportStatusResponse done(InvoiceExport export, List<Object[]> rows, Instant now) {
        Instant urlExpiry = now.plus(config.urlValidity());
        if (urlExpiry.isAfter(export.expiresAt.toInstant())) {
            urlExpiry = export.expiresAt.toInstant();
        }
        List<ExportApi.InvoicePackagePart> parts = new ArrayList<>();
        for (Object[] row : rows) {
            int ordinal = ((Number) row[0]).intValue();
            parts.add(new ExportApi.InvoicePackagePart(ordinal, (String) row[1], "GET",
                    urls.url(export.referenceNumber, ordinal, urlExpiry), ((Number) row[2]).longValue(),
                    (String) row[3], ((Number) row[4]).longValue(), (String) row[5],
                    urlExpiry.atOffset(ZoneOffset.UTC)));
        }
        return new InvoiceExportStatusResponse(
                new ExportApi.StatusInfo(export.statusCode, export.statusDescription, null),
                utc(export.completedAt), utc(export.expiresAt),
                new ExportApi.InvoicePackage(export.invoiceCount, export.packageSize, parts,
                        Boolean.TRUE.equals(export.truncated),
                        export.lastIssueDate == null ? null : export.lastIssueDate.atStartOfDay().atOffset(ZoneOffset.UTC),
                        utc(export.lastInvoicingDate),
                        utc(export.lastPermanentStorageDate), utc(export.permanentStorageHwmDate)));
    }

    static void setStatus(InvoiceExport export, ExportStatus status, List<String> details) {
        export.statusCode = status.code;
        export.statusDescription = status.description;
        export.statusDetails = StatusJson.write(details);
    }

    private static void validateEncryption(InvoiceExportRequest request) {
        List<String> problems = new ArrayList<>();
        if (request == null || request.encryption() == null) {
            problems.add("'encryption' must not be empty.");
        } else {
            base64(problems, "encryption.encryptedSymmetricKey", request.encryption().encryptedSymmetricKey());
            base64(problems, "encryption.initializationVector", request.encryption().initializationVector());
        }
        if (request == null || request.filters() == null) {
            problems.add("'filters' must not be empty.");
        }
        if (request != null && !PackageFiles.Compression.isKnown(request.compressionType())) {
            problems.add("'compressionType' has a range of values which does not include '"
                    + request.compressionType() + "'.");
        }
        if (!problems.isEmpty()) {
            throw KsefException.validation(problems.toArray(String[]::new));
        }
    }

    private static void base64(List<String> problems, String name, String value) {
        if (value == null || value.isBlank()) {
            problems.add("'" + name + "' must not be empty.");
            return;
        }
        try {
            Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            problems.add("'" + name + "' is not a valid Base64 string.");
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OffsetDateTime utc(OffsetDateTime time) {
        return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC);
    }
}
