package pl.ksefhub.session.auth;

import pl.ksefhub.platform.auth.SecretHashes;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.identifiers.ContextIdentifier;
import pl.ksefhub.platform.outbox.Outbox;
import pl.ksefhub.platform.paging.ContinuationTokens;
import pl.ksefhub.session.auth.KsefTokenApi.GenerateTokenRequest;
import pl.ksefhub.session.auth.KsefTokenApi.GenerateTokenResponse;
import pl.ksefhub.session.auth.KsefTokenApi.Identifier;
import pl.ksefhub.session.auth.KsefTokenApi.QueryTokensResponse;
import pl.ksefhub.session.auth.KsefTokenApi.TokenFilter;
import pl.ksefhub.session.auth.KsefTokenApi.TokenItem;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * KSeF tokens (tokeny-ksef.md): generating, listing, reading and revoking them. A generated token is active at once
 * (KSeF's Pending step has nothing to wait for here) and is announced with {@code ksef.token.activated.v1}; a
 * revoked one with {@code ksef.token.revoked.v1}, in the same transaction as the change.
 */
@ApplicationScoped
public class KsefTokenService {

    static final String MANAGE = "CredentialsManage";
    static final String READ = "CredentialsRead";
    private static final Set<String> TOKEN_CONTEXT_TYPES = Set.of("Nip", "InternalId");

    private final KsefTokenRepository tokens;
    private final Outbox outbox;
    private final ContinuationTokens continuations;

    public KsefTokenService(KsefTokenRepository tokens, Outbox outbox, ContinuationTokens continuations) {
        this.tokens = tokens;
        this.outbox = outbox;
        this.continuations = continuations;
    }

    /** {@code POST /tokens}: the caller may give a token only permissions it holds itself (26001). */
    @WithTransaction
    public Uni<GenerateTokenResponse> generate(KsefPrincipal principal, GenerateTokenRequest request) {
        validate(request);
        if (!TOKEN_CONTEXT_TYPES.contains(principal.contextType())) {
            throw KsefException.badRequest(26002, "Nie można wygenerować tokena dla obecnego typu kontekstu.",
                    "Bieżący typ kontekstu: %s. Dozwolone typy kontekstu: Nip, InternalId."
                            .formatted(principal.contextType()));
        }
        List<String> missing = request.permissions().stream().distinct()
                .filter(permission -> !holds(principal, permission)).toList();
        if (!missing.isEmpty()) {
            throw KsefException.badRequest(26001, "Nie można nadać tokenowi uprawnień których nie posiadasz.",
                    "Brakujące uprawnienia: " + String.join(", ", missing) + ".");
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        KsefTokens.GeneratedToken generated = KsefTokens.generate(principal.contextType(), principal.contextValue());
        KsefToken token = new KsefToken();
        token.referenceNumber = generated.referenceNumber();
        token.secretHash = SecretHashes.sha256Hex(generated.token());
        token.contextType = principal.contextType();
        token.contextValue = principal.contextValue();
        token.authorType = authorType(principal.subject());
        token.authorValue = principal.subject();
        token.description = request.description();
        token.permissions = Permissions.join(request.permissions().stream().distinct().toList());
        token.status = KsefToken.Status.Active;
        token.createdAt = now;
        token.updatedAt = now;
        return tokens.persist(token)
                .chain(() -> outbox.enqueue(KsefTokenEvents.TOPIC, token.referenceNumber, KsefTokenEvents.ACTIVATED,
                        new KsefTokenEvents.TokenActivated(token.referenceNumber,
                                new ContextIdentifier(token.contextType, token.contextValue),
                                token.secretHash, token.permissionList(), now)))
                .replaceWith(new GenerateTokenResponse(generated.referenceNumber(), generated.token()));
    }

    /** {@code GET /tokens}: newest first, within what the caller may see. */
    @WithSession
    public Uni<QueryTokensResponse> list(KsefPrincipal principal, TokenFilter filter, int pageSize,
                                         String continuationToken) {
        StringBuilder query = new StringBuilder("contextType = :contextType and contextValue = :contextValue");
        Parameters parameters = Parameters.with("contextType", principal.contextType())
                .and("contextValue", principal.contextValue());
        restrictToVisible(principal, query, parameters);
        if (!filter.statuses().isEmpty()) {
            query.append(" and status in :statuses");
            parameters.and("statuses", filter.statuses());
        }
        if (filter.description() != null) {
            query.append(" and lower(description) like :description");
            parameters.and("description", "%" + filter.description().toLowerCase(Locale.ROOT) + "%");
        }
        if (filter.authorIdentifier() != null) {
            query.append(" and lower(authorValue) like :author");
            parameters.and("author", "%" + filter.authorIdentifier().toLowerCase(Locale.ROOT) + "%");
        }
        if (filter.authorIdentifierType() != null) {
            query.append(" and authorType = :authorType");
            parameters.and("authorType", filter.authorIdentifierType());
        }
        String scope = principal.contextType() + "|" + principal.contextValue() + "|" + principal.tokenId() + "|"
                + filter + "|" + pageSize;
        int offset = continuations.offset(continuationToken, scope);
        return tokens.find(query.toString(), Sort.descending("createdAt", "referenceNumber"), parameters)
                // One more than a page tells whether another page follows.
                .range(offset, offset + pageSize).list()
                .map(found -> new QueryTokensResponse(
                        found.size() > pageSize ? continuations.nextOffset(offset + pageSize, scope) : null,
                        found.stream().limit(pageSize).map(KsefTokenService::item).toList()));
    }

    /** {@code GET /tokens/{ref}}. */
    @WithSession
    public Uni<TokenItem> get(KsefPrincipal principal, String referenceNumber) {
        return tokens.findById(referenceNumber).map(token -> item(visible(principal, token, referenceNumber)));
    }

    /**
     * {@code DELETE /tokens/{ref}}: with CredentialsManage any token of the context, otherwise only the caller's
     * own (the one it authenticated with, or those it authored). Revoking a revoked token changes nothing.
     */
    @WithTransaction
    public Uni<Void> revoke(KsefPrincipal principal, String referenceNumber) {
        return tokens.findById(referenceNumber, LockModeType.PESSIMISTIC_WRITE).chain(found -> {
            KsefToken token = visible(principal, found, referenceNumber);
            if (!principal.permissions().contains(MANAGE) && !ownedBy(principal, token)) {
                throw notFound(referenceNumber);
            }
            if (token.isRevoked()) {
                return Uni.createFrom().voidItem();
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            token.status = KsefToken.Status.Revoked;
            token.updatedAt = now;
            return outbox.enqueue(KsefTokenEvents.TOPIC, token.referenceNumber, KsefTokenEvents.REVOKED,
                    new KsefTokenEvents.TokenRevoked(token.referenceNumber, now)).replaceWithVoid();
        });
    }

    /** "Zakres wyników zależy od sposobu uwierzytelnienia oraz uprawnień podmiotu wywołującego." */
    private static void restrictToVisible(KsefPrincipal principal, StringBuilder query, Parameters parameters) {
        if (seesWholeContext(principal)) {
            return;
        }
        if (principal.ksefTokenReference() != null) {
            query.append(" and referenceNumber = :own");
            parameters.and("own", principal.ksefTokenReference());
        } else {
            query.append(" and authorValue = :subject");
            parameters.and("subject", String.valueOf(principal.subject()));
        }
    }

    private static KsefToken visible(KsefPrincipal principal, KsefToken token, String referenceNumber) {
        if (token == null || !principal.inContext(token.contextType, token.contextValue)
                || (!seesWholeContext(principal) && !ownedBy(principal, token))) {
            throw notFound(referenceNumber);
        }
        return token;
    }

    private static boolean seesWholeContext(KsefPrincipal principal) {
        return principal.permissions().contains(MANAGE) || principal.permissions().contains(READ);
    }

    /** A token-authenticated caller owns the token it used; anyone else owns the tokens it authored. */
    private static boolean ownedBy(KsefPrincipal principal, KsefToken token) {
        if (principal.ksefTokenReference() != null) {
            return token.referenceNumber.equals(principal.ksefTokenReference());
        }
        return token.authorValue.equals(principal.subject());
    }

    private static boolean holds(KsefPrincipal principal, String permission) {
        // The owner of a context holds every right in it.
        return principal.permissions().contains(permission) || principal.permissions().contains("Owner");
    }

    private static KsefException notFound(String referenceNumber) {
        return KsefException.validation("Token KSeF o numerze referencyjnym %s nie został znaleziony."
                .formatted(referenceNumber));
    }

    /** NIP (10 digits), PESEL (11 digits) or a certificate fingerprint: {@code TokenAuthorIdentifierType}. */
    public static String authorType(String subject) {
        if (subject != null && subject.matches("\\d{10}")) {
            return "Nip";
        }
        if (subject != null && subject.matches("\\d{11}")) {
            return "Pesel";
        }
        return "Fingerprint";
    }

    private static TokenItem item(KsefToken token) {
        // Bootstrap tokens hold every context permission; the spec's list shows only TokenPermissionType values.
        List<String> permissions = token.permissionList().stream()
                .filter(KsefTokenApi.TOKEN_PERMISSIONS::contains).toList();
        return new TokenItem(token.referenceNumber, new Identifier(token.authorType, token.authorValue),
                new Identifier(token.contextType, token.contextValue), token.description, permissions,
                token.createdAt, token.lastUseDate, token.status.name(), List.of());
    }

    private static void validate(GenerateTokenRequest request) {
        if (request == null) {
            throw KsefException.validation("A non-empty request body is required.");
        }
        List<String> problems = new ArrayList<>();
        if (request.permissions() == null || request.permissions().isEmpty()) {
            problems.add("'permissions' must not be empty.");
        } else {
            for (int i = 0; i < request.permissions().size(); i++) {
                String permission = request.permissions().get(i);
                if (!KsefTokenApi.TOKEN_PERMISSIONS.contains(permission)) {
                    problems.add("'permissions[%d]' has a range of values which does not include '%s'."
                            .formatted(i, permission));
                }
            }
        }
        String description = request.description();
        if (description == null || description.isBlank()) {
            problems.add("'description' must not be empty.");
        } else if (description.length() < 5 || description.length() > 256) {
            problems.add("'description' must be between 5 and 256 characters. You entered %d characters."
                    .formatted(description.length()));
        }
        if (!problems.isEmpty()) {
            throw KsefException.validation(problems.toArray(String[]::new));
        }
    }
}
