package pl.ksefhub.session.testdata;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * Consent to send invoices with attachments ("zgoda na wystawianie faktur z załącznikiem", uprawnienia.md), per
 * NIP. KSeF takes it from e-Urząd Skarbowy; its test environment sets it with {@code /testdata/attachment}.
 */
@ApplicationScoped
public class AttachmentConsents {

    /** Grants the consent, or renews one whose end was announced. */
    Uni<Void> grant(String nip, OffsetDateTime now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into attachment_consent (nip, granted_at, ends_on) values (?1, ?2, null)
                        on conflict (nip) do update set granted_at = excluded.granted_at, ends_on = null
                        """)
                .setParameter(1, nip).setParameter(2, now).executeUpdate()).replaceWithVoid();
    }

    /** Ends the consent on {@code endsOn}, or at once when that day is null or not in the future. */
    Uni<Void> revoke(String nip, LocalDate endsOn, LocalDate today) {
        if (endsOn == null || !endsOn.isAfter(today)) {
            return remove(nip);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update attachment_consent set ends_on = ?2 where nip = ?1")
                .setParameter(1, nip).setParameter(2, endsOn).executeUpdate()).replaceWithVoid();
    }

    Uni<Void> remove(String nip) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "delete from attachment_consent where nip = ?1")
                .setParameter(1, nip).executeUpdate()).replaceWithVoid();
    }

    /** @param endsOn the first day without the consent, when its end was announced; else null */
    public record Consent(OffsetDateTime grantedAt, LocalDate endsOn) {
    }

    /** The NIP's consent, or null when it has none (never had, or it ended). */
    public Uni<Consent> find(String nip) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select granted_at, ends_on from attachment_consent where nip = ?1", Object[].class)
                .setParameter(1, nip).getResultList())
                .map(rows -> rows.isEmpty() ? null
                        : new Consent((OffsetDateTime) rows.get(0)[0], (LocalDate) rows.get(0)[1]));
    }

    /** True when the NIP may send invoices with attachments on that day. */
    public Uni<Boolean> allowed(String nip, LocalDate today) {
        if (nip == null) {
            return Uni.createFrom().item(false);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select count(*) from attachment_consent where nip = ?1 and (ends_on is null or ends_on > ?2)
                        """, Long.class)
                .setParameter(1, nip).setParameter(2, today).getSingleResult())
                .map(count -> count > 0);
    }
}
