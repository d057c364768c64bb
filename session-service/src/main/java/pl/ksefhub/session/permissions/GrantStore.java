package pl.ksefhub.session.permissions;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import pl.ksefhub.platform.outbox.Outbox;
import pl.ksefhub.session.permissions.Grant.Identifier;
import pl.ksefhub.session.permissions.Grant.Kind;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The {@code permission_grant} table, the one store of permissions. Every grant and revocation that changes a row
 * also writes its event to the outbox in the caller's transaction ({@link PermissionEvents}), whoever made it: the
 * {@code /permissions} API or test data.
 */
@ApplicationScoped
public class GrantStore {

    private static final String COLUMNS = "id, grant_kind, context_type, context_value, target_type, target_value,"
            + " subject_type, subject_value, permission, can_delegate, description, author_type, author_value,"
            + " granted_in_type, granted_in_value, subject_details, subunit_name, eu_entity_name, eu_entity_details,"
            + " state, created_at, revoked_at";

    private final Outbox outbox;

    public GrantStore(Outbox outbox) {
        this.outbox = outbox;
    }

    /** A grant to be recorded: everything but its id, state and dates. */
    public record NewGrant(Kind kind, Identifier context, Identifier target, Identifier subject, String permission,
                           boolean canDelegate, String description, Identifier author, Identifier grantedIn,
                           String subjectDetails, String subunitName, String euEntityName, String euEntityDetails) {
    }

    /**
     * Records the grant unless the same one is active already ("Nie można nadać tego samego uprawnienia
     * dwukrotnie": the duplicate is ignored).
     *
     * @return the grant recorded, or null when it was a duplicate
     */
    public Uni<Grant> grant(NewGrant grant, OffsetDateTime now) {
        String id = UUID.randomUUID().toString();
        return Panache.getSession().chain(session -> session.createNativeQuery("insert into permission_grant ("
                                + COLUMNS + ") values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                                + " ?15, ?16, ?17, ?18, ?19, 'Active', ?20, null) on conflict do nothing")
                        .setParameter(1, id).setParameter(2, grant.kind().name())
                        .setParameter(3, grant.context().type()).setParameter(4, grant.context().value())
                        .setParameter(5, grant.target() == null ? null : grant.target().type())
                        .setParameter(6, grant.target() == null ? null : grant.target().value())
                        .setParameter(7, grant.subject().type()).setParameter(8, grant.subject().value())
                        .setParameter(9, grant.permission()).setParameter(10, grant.canDelegate())
                        .setParameter(11, grant.description())
                        .setParameter(12, grant.author().type()).setParameter(13, grant.author().value())
                        .setParameter(14, grant.grantedIn().type()).setParameter(15, grant.grantedIn().value())
                        .setParameter(16, grant.subjectDetails()).setParameter(17, grant.subunitName())
                        .setParameter(18, grant.euEntityName()).setParameter(19, grant.euEntityDetails())
                        .setParameter(20, now)
                        .executeUpdate())
                .chain(inserted -> {
                    if (inserted == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    Grant recorded = new Grant(id, grant.kind(), grant.context(), grant.target(), grant.subject(),
                            grant.permission(), grant.canDelegate(), grant.description(), grant.author(),
                            grant.grantedIn(), grant.subjectDetails(), grant.subunitName(), grant.euEntityName(),
                            grant.euEntityDetails(), Grant.ACTIVE, now, null);
                    return outbox.enqueue(PermissionEvents.TOPIC, id, PermissionEvents.GRANTED,
                            PermissionEvents.granted(recorded)).replaceWith(recorded);
                });
    }

    public Uni<Grant> find(String id) {
        return list("where id = ?1", id).map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    /** Every grant, active or not, that works in or names the context: the candidates of its queries and logins. */
    public Uni<List<Grant>> involving(Identifier context) {
        return list("where (context_type = ?1 and context_value = ?2) or (granted_in_type = ?1"
                + " and granted_in_value = ?2) or (target_type = ?1 and target_value = ?2)", context.type(),
                context.value());
    }

    /** Every grant, active or not, held by one of the subjects. */
    public Uni<List<Grant>> heldBy(List<Identifier> subjects) {
        if (subjects.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        StringBuilder where = new StringBuilder("where ");
        List<Object> parameters = new ArrayList<>();
        for (Identifier subject : subjects) {
            if (!parameters.isEmpty()) {
                where.append(" or ");
            }
            where.append("(subject_type = ?").append(parameters.size() + 1).append(" and subject_value = ?")
                    .append(parameters.size() + 2).append(')');
            parameters.add(subject.type());
            parameters.add(subject.value());
        }
        return list(where.toString(), parameters.toArray());
    }

    /** Active authorizations ({@link Kind#Authorization}) received by the entity. */
    public Uni<List<Grant>> activeOfKind(Kind kind, Identifier subject) {
        return list("where grant_kind = ?1 and subject_type = ?2 and subject_value = ?3 and state = 'Active'",
                kind.name(), subject.type(), subject.value());
    }

    /** @return the grant made inactive, or null when it was not active */
    public Uni<Grant> revoke(String id, OffsetDateTime now) {
        return revokeWhere("where id = ?1 and state = 'Active'", now, id).map(rows -> rows.isEmpty() ? null
                : rows.get(0));
    }

    /** Test data: every active person grant of the subject in the context ({@code /testdata/permissions/revoke}). */
    public Uni<List<Grant>> revokeHeldIn(Identifier context, Identifier subject, OffsetDateTime now) {
        return revokeWhere("where context_type = ?1 and context_value = ?2 and subject_type = ?3"
                + " and subject_value = ?4 and state = 'Active'", now, context.type(), context.value(),
                subject.type(), subject.value());
    }

    /** Test data: every active grant of the subject, wherever (a removed test person). */
    public Uni<List<Grant>> revokeHeldBy(Identifier subject, OffsetDateTime now) {
        return revokeWhere("where subject_type = ?1 and subject_value = ?2 and state = 'Active'", now,
                subject.type(), subject.value());
    }

    /** Test data: every active grant in the context (a removed test subject). */
    public Uni<List<Grant>> revokeAllIn(Identifier context, OffsetDateTime now) {
        return revokeWhere("where context_type = ?1 and context_value = ?2 and state = 'Active'", now,
                context.type(), context.value());
    }

    private Uni<List<Grant>> revokeWhere(String where, OffsetDateTime now, Object... parameters) {
        return Panache.getSession().chain(session -> bind(session.createNativeQuery("update permission_grant"
                        + " set state = 'Inactive', revoked_at = ?" + (parameters.length + 1) + " " + where
                        + " returning " + COLUMNS, Object[].class), parameters)
                        .setParameter(parameters.length + 1, now)
                        .getResultList())
                .map(rows -> rows.stream().map(GrantStore::grantOf).toList())
                .chain(revoked -> {
                    Uni<Void> events = Uni.createFrom().voidItem();
                    for (Grant grant : revoked) {
                        events = events.chain(() -> outbox.enqueue(PermissionEvents.TOPIC, grant.id(),
                                PermissionEvents.REVOKED, PermissionEvents.revoked(grant))).replaceWithVoid();
                    }
                    return events.replaceWith(revoked);
                });
    }

    private Uni<List<Grant>> list(String where, Object... parameters) {
        return Panache.getSession().chain(session -> bind(session.createNativeQuery(
                        "select " + COLUMNS + " from permission_grant " + where, Object[].class), parameters)
                        .getResultList())
                .map(rows -> rows.stream().map(GrantStore::grantOf).toList());
    }

    private static <T> Mutiny.SelectionQuery<T> bind(Mutiny.SelectionQuery<T> query, Object... parameters) {
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query;
    }

    private static Grant grantOf(Object[] row) {
        return new Grant((String) row[0], Kind.valueOf((String) row[1]), identifier(row[2], row[3]),
                row[4] == null ? null : identifier(row[4], row[5]), identifier(row[6], row[7]), (String) row[8],
                (Boolean) row[9], (String) row[10], identifier(row[11], row[12]), identifier(row[13], row[14]),
                (String) row[15], (String) row[16], (String) row[17], (String) row[18], (String) row[19],
                (OffsetDateTime) row[20], (OffsetDateTime) row[21]);
    }

    private static Identifier identifier(Object type, Object value) {
        return new Identifier((String) type, (String) value);
    }
}
