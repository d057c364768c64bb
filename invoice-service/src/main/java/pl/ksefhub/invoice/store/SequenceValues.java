package pl.ksefhub.invoice.store;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;

/**
 * Values of a sequence reserved up front, many with one statement, on the caller's session: for rows whose ids
 * must be known before they are written (a sequence may have gaps, so reserving more than are used is harmless).
 */
public final class SequenceValues {

    /** The {@code invoice} table's row ids (its {@code bigserial}). */
    public static final String INVOICE_ROW_IDS = "invoice_id_seq";
    /** The numeric ids of accepted invoices, in their KSeF numbers. */
    public static final String KSEF_INVOICE_IDS = "ksef_invoice_id_seq";

    private static final String NEXT = "select nextval(cast(:sequence as regclass)) from generate_series(1, :count)";

    private SequenceValues() {
    }

    /** {@code count} new values of {@code sequence} (none, and no statement, for 0). */
    public static Uni<List<Long>> next(Mutiny.Session session, String sequence, int count) {
        if (count == 0) {
            return Uni.createFrom().item(List.of());
        }
        return session.createNativeQuery(NEXT, Long.class)
                .setParameter("sequence", sequence)
                .setParameter("count", count)
                .getResultList();
    }
}
