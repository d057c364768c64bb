package pl.ksefhub.session.submission;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import pl.ksefhub.platform.identifiers.ContextIdentifier;
import pl.ksefhub.session.events.SessionEvents.FormCode;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Both readers lock the rows they get (select ... for update): an assignment and the idle sweep never act on the
 * same event session at once, and PostgreSQL re-checks the condition on the row once the lock is granted.
 */
@ApplicationScoped
public class EventSessionRepository implements PanacheRepositoryBase<EventSession, String> {

    public Uni<EventSession> findOpenLocked(ContextIdentifier context, FormCode formCode) {
        return find("open = true and contextType = ?1 and contextValue = ?2 and formSystemCode = ?3"
                        + " and formSchemaVersion = ?4 and formValue = ?5", context.type(), context.value(),
                formCode.systemCode(), formCode.schemaVersion(), formCode.value())
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** Open event sessions whose last submission came at or before {@code idleSince}, oldest first. */
    public Uni<List<EventSession>> findIdleLocked(OffsetDateTime idleSince, int limit) {
        return find("open = true and lastAssignedAt <= ?1 order by lastAssignedAt", idleSince)
                .withLock(LockModeType.PESSIMISTIC_WRITE).page(0, limit).list();
    }
}
