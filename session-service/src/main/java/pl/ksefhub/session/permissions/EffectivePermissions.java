package pl.ksefhub.session.permissions;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.session.permissions.Grant.Identifier;
import pl.ksefhub.session.permissions.Grant.Kind;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a subject holds in a context through grants (uprawnienia.md), read at every login and refresh, so that a
 * grant works from the next login and a revoked one stops at once for new logins and at the next refresh:
 * <ul>
 *   <li>grants to the subject in the context: to a person, an entity handling the context's invoices, an
 *       administrator of a subunit or of an EU entity, a representative of an EU entity;</li>
 *   <li>indirect grants ("w sposób pośredni") of an intermediary, for this client (selective) or for all its
 *       clients (general, {@code AllPartners}), as long as the client still lets the intermediary pass that
 *       permission on ({@code canDelegate} of an entity grant in the client's context).</li>
 * </ul>
 * Authorizations (SelfInvoicing and the like) are an entity's, not a login's: they decide whose invoices it may send
 * (invoice-service).
 */
@ApplicationScoped
public class EffectivePermissions {

    private final GrantStore grants;

    public EffectivePermissions(GrantStore grants) {
        this.grants = grants;
    }

    /**
     * @param subjects the identifiers of who logs in: the subject, and the certificate's fingerprint when signing
     *                 with a certificate (grants to a fingerprint belong to that certificate whatever it names)
     */
    public Uni<Set<String>> granted(Identifier context, List<Identifier> subjects) {
        return grants.heldBy(subjects).chain(held -> {
            Set<String> permissions = new LinkedHashSet<>();
            List<Grant> indirect = held.stream().filter(Grant::active)
                    .filter(grant -> grant.kind() == Kind.Indirect).filter(grant -> appliesTo(grant, context))
                    .toList();
            held.stream().filter(Grant::active).filter(grant -> grant.kind() != Kind.Indirect
                            && grant.kind() != Kind.Authorization && grant.context().is(context))
                    .forEach(grant -> permissions.add(grant.permission()));
            if (indirect.isEmpty()) {
                return Uni.createFrom().item(Set.copyOf(permissions));
            }
            return grants.involving(context).map(inContext -> {
                for (Grant grant : indirect) {
                    if (delegated(inContext, context, grant.context(), grant.permission())) {
                        permissions.add(grant.permission());
                    }
                }
                return Set.copyOf(permissions);
            });
        });
    }

    private static boolean appliesTo(Grant indirect, Identifier context) {
        return indirect.target() != null && (Grant.ALL_PARTNERS.equals(indirect.target().type())
                || indirect.target().is(context));
    }

    /** The client lets the intermediary pass the permission on: an active entity grant with canDelegate. */
    static boolean delegated(List<Grant> clientGrants, Identifier client, Identifier intermediary,
                             String permission) {
        return clientGrants.stream().anyMatch(grant -> grant.active() && grant.kind() == Kind.Entity
                && grant.canDelegate() && grant.context().is(client) && grant.subject().is(intermediary)
                && (permission == null || permission.equals(grant.permission())));
    }
}
