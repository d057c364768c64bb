package pl.ksefhub.invoice.metadata;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import pl.ksefhub.invoice.processing.InvoiceMetadataFields;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes the {@code invoice_third_subject} rows of a batch of invoices in one statement. */
public final class ThirdSubjectRows {

    private static final String INSERT = "insert into invoice_third_subject"
            + " (invoice_row_id, ordinal_number, identifier_type, identifier_value, name, role)"
            + " select * from unnest(cast(:ids as bigint[]), cast(:ordinals as int[]), cast(:types as varchar[]),"
            + " cast(:identifiers as varchar[]), cast(:names as varchar[]), cast(:roles as int[]))";

    private ThirdSubjectRows() {
    }

    /** @param byInvoiceRowId the third subjects of each invoice row, in document order */
    public static Uni<Void> insert(Mutiny.Session session,
                                   Map<Long, List<InvoiceMetadataFields.ThirdSubject>> byInvoiceRowId) {
        List<Long> ids = new ArrayList<>();
        List<Integer> ordinals = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> identifiers = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Integer> roles = new ArrayList<>();
        byInvoiceRowId.forEach((id, subjects) -> {
            for (int i = 0; i < subjects.size(); i++) {
                InvoiceMetadataFields.ThirdSubject subject = subjects.get(i);
                ids.add(id);
                ordinals.add(i + 1);
                types.add(subject.party().identifierType());
                identifiers.add(truncate(subject.party().identifierValue(), 50));
                names.add(truncate(subject.party().name(), 512));
                roles.add(subject.role());
            }
        });
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery(INSERT)
                .setParameter("ids", ids.toArray(Long[]::new))
                .setParameter("ordinals", ordinals.toArray(Integer[]::new))
                .setParameter("types", types.toArray(String[]::new))
                .setParameter("identifiers", identifiers.toArray(String[]::new))
                .setParameter("names", names.toArray(String[]::new))
                .setParameter("roles", roles.toArray(Integer[]::new))
                .executeUpdate()
                .replaceWithVoid();
    }

    static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
