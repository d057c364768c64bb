package pl.ksefhub.upo.generation;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import pl.ksefhub.platform.sql.MultiRowInsert;
import pl.ksefhub.upo.document.UpoDocument;

import java.util.List;
import java.util.Set;

/**
 * The UPO rows of a batch of events ({@code upo_invoice}, {@code upo_document}): one statement per table per batch,
 * and the check that they are there, all on the session of the consumer's transaction that is passed in.
 *
 * <p>Deliberately no {@code @WithSession} and no entity persists: a chaos run once committed a batch's
 * {@code processed_event} marks and its {@code upo.generated} events with nine invoices' UPO rows missing, and the
 * suspect was a repository's {@code @WithSession} resolving a session of its own (on another Vert.x context, so
 * another connection and no transaction). Plain statements on the transaction's own session cannot land anywhere
 * else: they run on its connection, inside its transaction, and commit or roll back with the marks and the outbox
 * rows ({@code UpoRowsIT}).
 */
@ApplicationScoped
public class UpoRows {

    private static final MultiRowInsert<AcceptedInvoice> INVOICES = MultiRowInsert.<AcceptedInvoice>into(
                    "upo_invoice")
            .text("invoice_reference_number", invoice -> invoice.invoiceReferenceNumber)
            .text("session_reference_number", invoice -> invoice.sessionReferenceNumber)
            .integer("ordinal_number", invoice -> invoice.ordinalNumber)
            .text("ksef_number", invoice -> invoice.ksefNumber)
            .text("context_type", invoice -> invoice.contextType)
            .text("context_value", invoice -> invoice.contextValue)
            .text("seller_nip", invoice -> invoice.sellerNip)
            .text("invoice_number", invoice -> invoice.invoiceNumber)
            .date("issue_date", invoice -> invoice.issueDate)
            .timestamptz("invoicing_date", invoice -> invoice.invoicingDate)
            .timestamptz("acquisition_date", invoice -> invoice.acquisitionDate)
            .text("invoice_hash", invoice -> invoice.invoiceHash)
            .text("invoicing_mode", invoice -> invoice.invoicingMode)
            .text("form_system_code", invoice -> invoice.formSystemCode)
            .text("form_schema_version", invoice -> invoice.formSchemaVersion)
            .text("form_value", invoice -> invoice.formValue)
            .text("auth_reference_number", invoice -> invoice.authReferenceNumber)
            .text("ksef_token_reference_number", invoice -> invoice.ksefTokenReferenceNumber)
            .text("auth_document_hash", invoice -> invoice.authDocumentHash)
            .text("correlation_id", invoice -> invoice.correlationId)
            .build();

    private static final MultiRowInsert<UpoDocument> DOCUMENTS = MultiRowInsert.<UpoDocument>into("upo_document")
            .text("reference_number", document -> document.referenceNumber)
            .text("session_reference_number", document -> document.sessionReferenceNumber)
            .text("scope", document -> document.scope)
            .text("invoice_reference_number", document -> document.invoiceReferenceNumber)
            .text("ksef_number", document -> document.ksefNumber)
            .integer("page_number", document -> document.pageNumber)
            .integer("page_count", document -> document.pageCount)
            .text("context_type", document -> document.contextType)
            .text("context_value", document -> document.contextValue)
            .bytea("content", document -> document.content)
            .text("content_sha256", document -> document.contentSha256)
            .build();

    /** HQL, not native: Hibernate caches the plan of a selection query, never that of a native scalar select. */
    private static final String INVOICE_UPOS_AMONG = "select invoiceReferenceNumber from UpoDocument"
            + " where scope = ?1 and invoiceReferenceNumber in ?2";
    private static final String SESSION_UPO_PAGES = "select count(*) from UpoDocument"
            + " where scope = ?1 and sessionReferenceNumber = ?2";
    private static final String ACCEPTED_OF_SESSION = "from AcceptedInvoice where sessionReferenceNumber = ?1"
            + " order by ordinalNumber, invoiceReferenceNumber";

    /** Accepted invoices (the projection) and UPO documents, in that order, one statement each (none for none). */
    public Uni<Void> insert(Mutiny.Session session, List<AcceptedInvoice> invoices, List<UpoDocument> documents) {
        return INVOICES.insert(session, invoices)
                .chain(() -> DOCUMENTS.insert(session, documents))
                .replaceWithVoid();
    }

    /** Which of these invoices have their UPO, as the transaction of {@code session} sees it. */
    public Uni<Set<String>> invoiceUposAmong(Mutiny.Session session, List<String> invoiceReferenceNumbers) {
        if (invoiceReferenceNumbers.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return session.createSelectionQuery(INVOICE_UPOS_AMONG, String.class)
                .setParameter(1, UpoDocument.INVOICE)
                .setParameter(2, invoiceReferenceNumbers)
                .getResultList()
                .map(Set::copyOf);
    }

    /** Whether the session has its UPO pages, as the transaction of {@code session} sees it. */
    public Uni<Boolean> sessionUpoExists(Mutiny.Session session, String sessionReferenceNumber) {
        return session.createSelectionQuery(SESSION_UPO_PAGES, Long.class)
                .setParameter(1, UpoDocument.SESSION)
                .setParameter(2, sessionReferenceNumber)
                .getSingleResult()
                .map(pages -> pages > 0);
    }

    /**
     * A session's accepted invoices in the order they were sent (ordinal number), the order of its UPO, as the
     * transaction of {@code session} sees them: with those this same transaction inserted a moment before.
     * Read-only: nothing here is changed, so nothing is dirty-checked at the commit.
     */
    public Uni<List<AcceptedInvoice>> acceptedOfSession(Mutiny.Session session, String sessionReferenceNumber) {
        return session.createSelectionQuery(ACCEPTED_OF_SESSION, AcceptedInvoice.class)
                .setParameter(1, sessionReferenceNumber)
                .setReadOnly(true)
                .getResultList();
    }
}
