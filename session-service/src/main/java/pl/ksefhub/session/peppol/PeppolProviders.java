package pl.ksefhub.session.peppol;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.List;

/** The {@code peppol_provider} table: who registered, newest first (the spec's x-sort: dateCreated desc, id asc). */
@ApplicationScoped
public class PeppolProviders {

    /** One row of the listing. */
    public record Provider(String id, String name, OffsetDateTime dateCreated) {
    }

    /**
     * Registers the provider on its first authentication; a later one changes nothing (two at once neither).
     *
     * @param name the organizationName of its seal (the spec allows 256 characters), the id when it has none
     */
    public Uni<Void> registerIfAbsent(String id, String name, OffsetDateTime now) {
        String shown = name == null || name.isBlank() ? id : name.length() > 256 ? name.substring(0, 256) : name;
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into peppol_provider (id, name, date_created) values (?1, ?2, ?3)
                        on conflict (id) do nothing
                        """)
                .setParameter(1, id).setParameter(2, shown).setParameter(3, now)
                .executeUpdate()).replaceWithVoid();
    }

    /** One page, and one row more than asked for, so the caller can tell whether more follow. */
    @SuppressWarnings("unchecked")
    public Uni<List<Provider>> page(int offset, int size) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        select id, name, date_created from peppol_provider
                        order by date_created desc, id asc offset ?1 limit ?2
                        """, Object[].class)
                .setParameter(1, (long) offset * size).setParameter(2, size + 1)
                .getResultList())
                .map(rows -> rows.stream().map(row -> new Provider((String) row[0], (String) row[1],
                        toOffsetDateTime(row[2]))).toList()));
    }

    private static OffsetDateTime toOffsetDateTime(Object value) {
        if (value instanceof OffsetDateTime offset) {
            return offset;
        }
        if (value instanceof java.time.Instant instant) {
            return instant.atOffset(java.time.ZoneOffset.UTC);
        }
        return ((java.time.LocalDateTime) value).atOffset(java.time.ZoneOffset.UTC);
    }
}
