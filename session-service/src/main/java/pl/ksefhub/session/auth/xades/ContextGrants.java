package pl.ksefhub.session.auth.xades;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;

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
}
