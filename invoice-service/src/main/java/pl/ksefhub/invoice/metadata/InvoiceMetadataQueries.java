package pl.ksefhub.invoice.metadata;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import pl.ksefhub.invoice.session.FormCode;
import pl.ksefhub.invoice.store.Invoice;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.error.KsefException;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * POST /invoices/query/metadata: the accepted invoices the caller's context may read as the requested subject,
 * filtered, sorted by the range's date (then by row id, so that pages never overlap), at most {@link #RESULT_LIMIT}
 * per filter set ({@code isTruncated}).
 */
@ApplicationScoped
public class InvoiceMetadataQueries {

    /** KSeF's technical limit of records per filter set. */
    static final int RESULT_LIMIT = 10_000;
    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");
    private static final String THIRD_SUBJECTS = "select invoice_row_id, identifier_type, identifier_value, name,"
            + " role from invoice_third_subject where invoice_row_id = any(cast(:ids as bigint[]))"
            + " order by invoice_row_id, ordinal_number";

    /** 21183's detail; also the detail of an export's status 420. */
    public static final String HWM_EXCEEDED = "Parametr dateRange.from jest późniejszy niż PermanentStorageHwmDate"
            + " przy włączonym restrictToPermanentStorageHwmDate.";

    private final StorageMark storageMark;

    public InvoiceMetadataQueries(StorageMark storageMark) {
        this.storageMark = storageMark;
    }

    public Uni<QueryInvoicesMetadataResponse> query(KsefPrincipal principal, InvoiceQueryFilters filters,
                                                    String pageOffset, String pageSize, String sortOrder) {
        MetadataQuery query = MetadataQueryValidation.validate(filters, pageOffset, pageSize, sortOrder,
                OffsetDateTime.now(ZoneOffset.UTC));
        return range(query).chain(range -> {
            OffsetDateTime hwmResult = range.permanentStorageHwmDate();
            Sql sql = sql(principal.contextType(), principal.contextValue(), query, range.to());
            if (sql == null) {
                return Uni.createFrom().item(new QueryInvoicesMetadataResponse(false, false, hwmResult, List.of()));
            }
            long start = (long) query.pageOffset() * query.pageSize();
            int visible = (int) Math.max(0, Math.min(query.pageSize(), RESULT_LIMIT - start));
            return Panache.withSession(() -> Panache.getSession().chain(session -> page(session, sql, start,
                            visible + 1)
                    .chain(rows -> {
                        boolean more = rows.size() > visible;
                        List<Invoice> page = more ? rows.subList(0, visible) : rows;
                        boolean truncated = more && start + visible >= RESULT_LIMIT;
                        return thirdSubjects(session, page).map(third -> new QueryInvoicesMetadataResponse(more,
                                truncated, hwmResult, page.stream().map(i -> metadata(i, third)).toList()));
                    })));
        });
    }

    private record Sql(String text, Map<String, Object> parameters) {
    }

    /**
     * The range's end and, for PermanentStorage, the HWM: {@code to} cut to the HWM when restricted to it.
     *
     * @param permanentStorageHwmDate null unless the range is by PermanentStorage
     */
    public record Range(OffsetDateTime to, OffsetDateTime permanentStorageHwmDate) {
    }

    /** An invoice found for an export: its row (for the XML) and its metadata. */
    public record Found(long invoiceRowId, InvoiceMetadata metadata) {
    }

    /** Validates filters as the query does (21405), {@code now} ending an open range. Sorted ascending. */
    public static MetadataQuery validated(InvoiceQueryFilters filters, OffsetDateTime now) {
        return MetadataQueryValidation.validate(filters, null, null, null, now);
    }

    /**
     * Resolves the range of a validated query; 21183 when restricted to the HWM and starting after it. The mark is
     * read before any invoice: everything stamped up to it is committed, hence in what is read next.
     */
    public Uni<Range> range(MetadataQuery query) {
        if (query.dateType() != MetadataQuery.DateType.PermanentStorage) {
            return Uni.createFrom().item(new Range(query.to(), null));
        }
        return storageMark.current().map(hwm -> {
            if (query.restrictToHwm() && query.from().isAfter(hwm)) {
                throw KsefException.badRequest(21183, "Zakres filtrowania wykracza poza dostępny zakres danych.",
                        HWM_EXCEEDED);
            }
            OffsetDateTime hwmDate = query.to().isBefore(hwm) ? query.to().withOffsetSameInstant(ZoneOffset.UTC) : hwm;
            return new Range(query.restrictToHwm() ? hwmDate : query.to(), hwmDate);
        });
    }

    /** Rows {@code start}.. of the query's invoices in its order, for the context, up to {@code to}. */
    public Uni<List<Found>> page(String contextType, String contextValue, MetadataQuery query, OffsetDateTime to,
                                 long start, int limit) {
        Sql sql = sql(contextType, contextValue, query, to);
        if (sql == null) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.withSession(() -> Panache.getSession().chain(session -> page(session, sql, start, limit)
                .chain(rows -> thirdSubjects(session, rows).map(third -> rows.stream()
                        .map(i -> new Found(i.id, metadata(i, third))).toList()))));
    }

    /** The statement for the caller's visible invoices, or null when its context can read none as that subject. */
    private static Sql sql(String contextType, String contextValue, MetadataQuery query, OffsetDateTime to) {
        String nip = InvoiceReaders.nipOf(contextType, contextValue);
        Map<String, Object> parameters = new LinkedHashMap<>();
        StringBuilder where = new StringBuilder("i.ksef_number is not null");
        switch (query.subjectType()) {
            case Subject1 -> where.append(" and i.seller_nip = :nip");
            case Subject2 -> where.append(" and i.buyer_identifier_type = 'Nip' and i.buyer_identifier_value = :nip");
            case SubjectAuthorized -> where.append(" and i.authorized_nip = :nip");
            case Subject3 -> {
                // A third subject reads as its NIP (NIP contexts) or as its own internal id (IDWew).
                where.append(" and exists (select 1 from invoice_third_subject t where t.invoice_row_id = i.id and (")
                        .append("(t.identifier_type = 'Nip' and t.identifier_value = :nip)");
                if ("InternalId".equals(contextType)) {
                    where.append(" or (t.identifier_type = 'InternalId' and t.identifier_value = :internalId)");
                    parameters.put("internalId", contextValue);
                }
                where.append("))");
            }
            default -> throw new IllegalStateException();
        }
        if (nip == null) {
            return null;
        }
        parameters.put("nip", nip);
        String column = "i." + query.dateType().column;
        if (query.dateType() == MetadataQuery.DateType.Issue) {
            parameters.put("from", query.from().atZoneSameInstant(WARSAW).toLocalDate());
            parameters.put("to", to.atZoneSameInstant(WARSAW).toLocalDate());
        } else {
            parameters.put("from", query.from());
            parameters.put("to", to);
        }
        where.append(" and ").append(column).append(" >= :from and ").append(column).append(" <= :to");
        condition(where, parameters, "i.ksef_number = :ksefNumber", "ksefNumber", query.ksefNumber());
        condition(where, parameters, "i.invoice_number = :invoiceNumber", "invoiceNumber", query.invoiceNumber());
        if (query.amountType() != null) {
            String amount = "i." + query.amountType().column;
            condition(where, parameters, amount + " >= :amountFrom", "amountFrom", query.amountFrom());
            condition(where, parameters, amount + " <= :amountTo", "amountTo", query.amountTo());
        }
        condition(where, parameters, "i.seller_nip = :sellerNip", "sellerNip", query.sellerNip());
        condition(where, parameters, "i.buyer_identifier_type = :buyerType", "buyerType",
                query.buyerIdentifierType());
        condition(where, parameters, "i.buyer_identifier_value = :buyerValue", "buyerValue",
                query.buyerIdentifierValue());
        if (!query.currencyCodes().isEmpty()) {
            where.append(" and i.currency = any(cast(:currencies as varchar[]))");
            parameters.put("currencies", query.currencyCodes().toArray(String[]::new));
        }
        condition(where, parameters, "i.invoicing_mode = :invoicingMode", "invoicingMode", query.invoicingMode());
        condition(where, parameters, "i.self_invoicing = :selfInvoicing", "selfInvoicing", query.selfInvoicing());
        if (!query.formValues().isEmpty()) {
            where.append(" and i.form_value = any(cast(:formValues as varchar[]))");
            parameters.put("formValues", query.formValues().toArray(String[]::new));
        }
        if (!query.invoiceTypes().isEmpty()) {
            where.append(" and i.invoice_type = any(cast(:invoiceTypes as varchar[]))");
            parameters.put("invoiceTypes", query.invoiceTypes().toArray(String[]::new));
        }
        condition(where, parameters, "i.has_attachment = :hasAttachment", "hasAttachment", query.hasAttachment());
        String direction = query.descending() ? " desc" : " asc";
        String text = "select i.* from invoice i where " + where + " order by " + column + direction + ", i.id"
                + direction + " offset :start limit :limit";
        return new Sql(text, parameters);
    }

    private static void condition(StringBuilder where, Map<String, Object> parameters, String condition,
                                  String name, Object value) {
        if (value != null) {
            where.append(" and ").append(condition);
            parameters.put(name, value);
        }
    }

    private static Uni<List<Invoice>> page(Mutiny.Session session, Sql sql, long start, int limit) {
        Mutiny.SelectionQuery<Invoice> query = session.createNativeQuery(sql.text(), Invoice.class);
        sql.parameters().forEach(query::setParameter);
        return query.setParameter("start", start).setParameter("limit", limit).getResultList();
    }

    private static Uni<Map<Long, List<InvoiceMetadata.ThirdSubject>>> thirdSubjects(Mutiny.Session session,
                                                                                  List<Invoice> page) {
        if (page.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return session.createNativeQuery(THIRD_SUBJECTS, Object[].class)
                .setParameter("ids", page.stream().map(i -> i.id).toArray(Long[]::new))
                .getResultList()
                .map(rows -> {
                    Map<Long, List<InvoiceMetadata.ThirdSubject>> result = new HashMap<>();
                    for (Object[] row : rows) {
                        result.computeIfAbsent(((Number) row[0]).longValue(), id -> new ArrayList<>())
                                .add(new InvoiceMetadata.ThirdSubject(
                                        new InvoiceMetadata.Identifier((String) row[1], (String) row[2]),
                                        (String) row[3], ((Number) row[4]).intValue()));
                    }
                    return result;
                });
    }

    static InvoiceMetadata metadata(Invoice invoice, Map<Long, List<InvoiceMetadata.ThirdSubject>> thirdSubjects) {
        InvoiceMetadata.AuthorizedSubject authorized = invoice.authorizedNip == null ? null
                : new InvoiceMetadata.AuthorizedSubject(invoice.authorizedNip, invoice.authorizedName,
                invoice.authorizedRole);
        String buyerType = invoice.buyerIdentifierType == null ? "None" : invoice.buyerIdentifierType;
        return new InvoiceMetadata(invoice.ksefNumber, invoice.invoiceNumber, invoice.issueDate,
                utc(invoice.invoicingDate), utc(invoice.acquisitionDate), utc(invoice.permanentStorageDate),
                new InvoiceMetadata.Seller(invoice.sellerNip, invoice.sellerName),
                new InvoiceMetadata.Buyer(new InvoiceMetadata.Identifier(buyerType, invoice.buyerIdentifierValue),
                        invoice.buyerName),
                invoice.netAmount, invoice.grossAmount, invoice.vatAmount, invoice.currency, invoice.invoicingMode,
                InvoiceTypes.specName(invoice.invoiceType),
                new FormCode(invoice.formSystemCode, invoice.formSchemaVersion, invoice.formValue),
                invoice.selfInvoicing, invoice.hasAttachment, invoice.invoiceHash,
                invoice.offlineMode ? invoice.hashOfCorrectedInvoice : null,
                thirdSubjects.getOrDefault(invoice.id, List.of()), authorized);
    }

    private static OffsetDateTime utc(OffsetDateTime time) {
        return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC);
    }
}
