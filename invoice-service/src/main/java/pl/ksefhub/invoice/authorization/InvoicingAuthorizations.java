package pl.ksefhub.invoice.authorization;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The projection of authorizations ({@code invoicing_authorization}) and the rule it serves: an invoice whose seller
 * (Podmiot1) is not the session's context is accepted only when the seller authorized the context for that kind of
 * invoice (uprawnienia.md, "Nadanie uprawnień podmiotowych"): SelfInvoicing (samofakturowanie, the buyer issues
 * the seller's invoice), RRInvoicing (a VAT RR invoice, FA_RR, issued by the buyer of the farmer's goods),
 * TaxRepresentative (the seller's tax representative), PefInvoicing (a Peppol provider sends PEF invoices).
 */
@ApplicationScoped
public class InvoicingAuthorizations {

    /** One active authorization: the seller and the entity ({@code Nip} or {@code PeppolId}) it authorized. */
    public record Authorization(String authorizingNip, String authorizedType, String authorizedValue, String scope) {
    }

    public Uni<Void> granted(PermissionEvents.PermissionGranted event) {
        if (!event.isAuthorization()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into invoicing_authorization (permission_id, authorizing_nip, authorized_type,
                                                             authorized_value, scope, granted_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6) on conflict do nothing
                        """)
                .setParameter(1, event.permissionId()).setParameter(2, event.context().value())
                .setParameter(3, event.subject().type()).setParameter(4, event.subject().value())
                .setParameter(5, event.permission()).setParameter(6, event.grantedAt())
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Void> revoked(PermissionEvents.PermissionRevoked event) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "delete from invoicing_authorization where permission_id = ?1")
                .setParameter(1, event.permissionId()).executeUpdate()).replaceWithVoid();
    }

    /** The active authorizations received by any of the entities (context NIPs or Peppol ids). */
    public Uni<Set<Authorization>> receivedBy(Mutiny.Session session, Collection<String> authorizedValues) {
        if (authorizedValues.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return session.createNativeQuery("""
                        select authorizing_nip, authorized_type, authorized_value, scope
                        from invoicing_authorization where authorized_value in (:values)
                        """, Object[].class)
                .setParameter("values", List.copyOf(authorizedValues)).getResultList()
                .map(rows -> {
                    Set<Authorization> found = new HashSet<>();
                    for (Object[] row : rows) {
                        found.add(new Authorization((String) row[0], (String) row[1], (String) row[2],
                                (String) row[3]));
                    }
                    return found;
                });
    }

    /**
     * Whether the seller authorized the session's context for this invoice: RRInvoicing for FA_RR, PefInvoicing for
     * PEF (to the Peppol provider), else SelfInvoicing or TaxRepresentative. Self-invoicing and VAT RR invoices are
     * issued by their buyer (Podmiot2), which must then be the context.
     *
     * @param contextNip the NIP of the session's context (null for a Peppol provider's)
     */
    public static boolean allows(Set<Authorization> authorizations, String sellerNip, String contextType,
                                 String contextValue, String contextNip, String formSystemCode, String buyerNip) {
        if (sellerNip == null) {
            return false;
        }
        boolean pef = formSystemCode != null && formSystemCode.startsWith("PEF");
        boolean rr = formSystemCode != null && formSystemCode.startsWith("FA_RR");
        for (Authorization authorization : authorizations) {
            if (!authorization.authorizingNip().equals(sellerNip)) {
                continue;
            }
            if (pef) {
                if ("PefInvoicing".equals(authorization.scope()) && "PeppolId".equals(contextType)
                        && authorization.authorizedValue().equals(contextValue)) {
                    return true;
                }
                continue;
            }
            if (contextNip == null || !"Nip".equals(authorization.authorizedType())
                    || !authorization.authorizedValue().equals(contextNip)) {
                continue;
            }
            boolean byBuyer = contextNip.equals(buyerNip);
            String scope = authorization.scope();
            if (rr ? "RRInvoicing".equals(scope) && byBuyer
                    : "SelfInvoicing".equals(scope) && byBuyer || "TaxRepresentative".equals(scope)) {
                return true;
            }
        }
        return false;
    }
}
