package pl.ksefhub.session.auth.xades;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.session.auth.Permissions;

import java.time.OffsetDateTime;
import java.util.List;

/** The {@code xades_context_grant} table: permissions of a certificate subject in a context. */
@ApplicationScoped
public class ContextGrants {

    /** @return the comma-separated permissions, or null when the subject holds none there */
    public Uni<String> find(String contextType, String contextValue, CertificateSubject subject) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select permissions from xades_context_grant
                        where context_type = ?1 and context_value = ?2 and subject_type = ?3 and subject_value = ?4
                        """, String.class)
                .setParameter(1, contextType).setParameter(2, contextValue)
                .setParameter(3, subject.type()).setParameter(4, subject.value())
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    /**
     * Records the grant unless one exists; two first logins racing both succeed, the first one's row stays.
     *
     * @return the permissions now recorded
     */
    public Uni<String> createIfAbsent(String contextType, String contextValue, CertificateSubject subject,
                                      String permissions, OffsetDateTime now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into xades_context_grant (context_type, context_value, subject_type, subject_value,
                                                         permissions, created_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6)
                        on conflict do nothing
                        """)
                .setParameter(1, contextType).setParameter(2, contextValue)
                .setParameter(3, subject.type()).setParameter(4, subject.value())
                .setParameter(5, permissions).setParameter(6, now)
                .executeUpdate())
                .chain(() -> find(contextType, contextValue, subject));
    }

    /**
     * Adds permissions to what a subject ({@code Nip}, {@code Pesel} or {@code Fingerprint}) holds in a context
     * ({@code /testdata/permissions}); a permission held already is kept once.
     */
    public Uni<Void> grant(String contextType, String contextValue, String subjectType, String subjectValue,
                           List<String> permissions, OffsetDateTime now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into xades_context_grant (context_type, context_value, subject_type, subject_value,
                                                         permissions, created_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6)
                        on conflict (context_type, context_value, subject_type, subject_value) do update
                        set permissions = (select string_agg(distinct p, ',' order by p)
                                           from unnest(string_to_array(xades_context_grant.permissions || ','
                                                                       || excluded.permissions, ',')) as p
                                           where p <> '')
                        """)
                .setParameter(1, contextType).setParameter(2, contextValue)
                .setParameter(3, subjectType).setParameter(4, subjectValue)
                .setParameter(5, Permissions.join(permissions)).setParameter(6, now)
                .executeUpdate()).replaceWithVoid();
    }

    /** Takes every permission of the subject in the context away ({@code /testdata/permissions/revoke}). */
    public Uni<Void> revoke(String contextType, String contextValue, String subjectType, String subjectValue) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        delete from xades_context_grant
                        where context_type = ?1 and context_value = ?2 and subject_type = ?3 and subject_value = ?4
                        """)
                .setParameter(1, contextType).setParameter(2, contextValue)
                .setParameter(3, subjectType).setParameter(4, subjectValue)
                .executeUpdate()).replaceWithVoid();
    }

    /** Takes the subject's permissions away in every context (a removed test person). */
    public Uni<Void> revokeEverywhere(String subjectType, String subjectValue) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "delete from xades_context_grant where subject_type = ?1 and subject_value = ?2")
                .setParameter(1, subjectType).setParameter(2, subjectValue)
                .executeUpdate()).replaceWithVoid();
    }

    /** Takes every subject's permissions in the context away (a removed test subject). */
    public Uni<Void> revokeAllIn(String contextType, String contextValue) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "delete from xades_context_grant where context_type = ?1 and context_value = ?2")
                .setParameter(1, contextType).setParameter(2, contextValue)
                .executeUpdate()).replaceWithVoid();
    }
}
