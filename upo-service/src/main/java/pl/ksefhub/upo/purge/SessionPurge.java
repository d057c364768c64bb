package pl.ksefhub.upo.purge;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import pl.ksefhub.platform.outbox.Outbox;
import pl.ksefhub.platform.purge.Purge;
import pl.ksefhub.upo.generation.UpoGenerated;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * upo-service's rows of a session being deleted ({@code session.deletion-requested}), in the consumer's transaction
 * with the record of that event, then {@code session.upos-purged} through the outbox:
 * <ul>
 *     <li>{@code upo_document}: the signed invoice UPOs and session UPO pages (the download URLs are signed and
 *     stateless: with the document gone they answer "not found"),</li>
 *     <li>{@code upo_invoice}: the accepted-invoice projection the session UPO was built from,</li>
 *     <li>{@code upo_session}: the session projection,</li>
 *     <li>{@code outbox_event} rows keyed by the session ({@code upo.generated} with its links), sent or not.</li>
 * </ul>
 * A table that gets rows of sessions adds its statement to {@link #STATEMENTS}. Kept: {@code processed_event} rows
 * (consumer and event id only), which make a redelivered {@code invoice.accepted} or {@code session.opened} change
 * nothing instead of recreating what went.
 */
@ApplicationScoped
public class SessionPurge {

    private static final Logger LOG = Logger.getLogger(SessionPurge.class);

    /** The first one's count is the confirmation's {@code upoCount}. */
    static final List<String> STATEMENTS = List.of(
            "delete from upo_document where session_reference_number = :ref",
            "delete from upo_invoice where session_reference_number = :ref",
            "delete from upo_session where reference_number = :ref");

    private final Purge purge;
    private final Outbox outbox;

    public SessionPurge(Purge purge, Outbox outbox) {
        this.purge = purge;
        this.outbox = outbox;
    }

    /** Inside the consumer's transaction. A session this service never knew is confirmed all the same. */
    public Uni<Void> purge(String referenceNumber) {
        return purge.run(referenceNumber, STATEMENTS, Map.of("ref", referenceNumber)).chain(counts -> {
            int documents = counts.get(0);
            return outbox.enqueue(UpoGenerated.TOPIC, referenceNumber, SessionUposPurged.TYPE,
                            new SessionUposPurged(referenceNumber, documents, OffsetDateTime.now(ZoneOffset.UTC)))
                    .invoke(() -> LOG.infof("Session %s purged: %d UPO documents", referenceNumber, documents))
                    .replaceWithVoid();
        });
    }

    /**
     * Inside the consumer's transaction: {@code session.deleted} came, so the confirmation was read; its outbox row,
     * the last one of the session here, goes too.
     */
    public Uni<Void> forgetConfirmation(String referenceNumber) {
        return outbox.forget(referenceNumber).replaceWithVoid();
    }
}
