package pl.ksefhub.session.auth;

import pl.ksefhub.platform.auth.SecretHashes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import pl.ksefhub.platform.identifiers.ContextIdentifier;
import pl.ksefhub.platform.outbox.Outbox;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Makes the KSeF tokens of {@code ksef.bootstrap.tokens} usable at every start. The configuration is the whole truth
 * about bootstrap tokens: each listed one is (re)activated with every permission of its NIP context under the EC
 * reference number it carries (the official format, {@link KsefTokens#parse}; the UPOs of its sessions carry it); a
 * bootstrap token no longer listed is revoked, so taking a leaked token out of the configuration and restarting locks it out.
 *
 * <p>Each listed token is announced as activated at every start, not only when it changes: a projection that
 * started after the first announcement left the topic's retention still learns about it. Consumers upsert.
 */
@ApplicationScoped
public class BootstrapTokens {

    private static final Logger LOG = Logger.getLogger(BootstrapTokens.class);

    /** Inserts or reactivates; the reference number of an existing row is kept. Two replicas may start together. */
    private static final String UPSERT = """
            insert into ksef_token (reference_number, secret_hash, context_type, context_value, author_type,
                                    author_value, description, permissions, status, bootstrap, created_at, updated_at)
            values (:reference, :hash, 'Nip', :nip, 'Nip', :nip, 'Token startowy (ksef.bootstrap.tokens)', :permissions,
                    'Active', true, :now, :now)
            on conflict (secret_hash) do update
               set context_type = 'Nip', context_value = excluded.context_value, author_type = 'Nip',
                   author_value = excluded.author_value, permissions = excluded.permissions, status = 'Active',
                   bootstrap = true, updated_at = excluded.updated_at
            """;

    private final BootstrapSettings settings;
    private final KsefTokenRepository tokens;
    private final Outbox outbox;

    public BootstrapTokens(BootstrapSettings settings, KsefTokenRepository tokens, Outbox outbox) {
        this.settings = settings;
        this.tokens = tokens;
        this.outbox = outbox;
    }

    void onStart(@Observes StartupEvent event) {
        store(KsefTokens.parseBootstrap(settings.tokens().orElse(List.of())));
    }

    /** Applies the given entries in one transaction and waits for it (startup has no request context). */
    public void store(List<KsefTokens.BootstrapEntry> entries) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> apply(entries)));
        } catch (Throwable e) {
            throw new IllegalStateException("Cannot store the bootstrap KSeF tokens", e);
        }
    }

    private Uni<Void> apply(List<KsefTokens.BootstrapEntry> entries) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (KsefTokens.BootstrapEntry entry : entries) {
            chain = chain.chain(() -> activate(entry, now));
        }
        List<String> listed = entries.stream().map(entry -> SecretHashes.sha256Hex(entry.token())).toList();
        return chain.chain(() -> revokeUnlisted(listed, now))
                .invoke(revoked -> LOG.infof("Bootstrap KSeF tokens: %d active, %d revoked", entries.size(), revoked))
                .replaceWithVoid();
    }

    private Uni<Void> activate(KsefTokens.BootstrapEntry entry, OffsetDateTime now) {
        String hash = SecretHashes.sha256Hex(entry.token());
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(UPSERT)
                        .setParameter("reference", entry.referenceNumber())
                        .setParameter("hash", hash)
                        .setParameter("nip", entry.nip())
                        .setParameter("permissions", Permissions.join(Permissions.ALL))
                        .setParameter("now", now)
                        .executeUpdate())
                .chain(() -> tokens.findBySecretHash(hash))
                .chain(token -> outbox.enqueue(KsefTokenEvents.TOPIC, token.referenceNumber, KsefTokenEvents.ACTIVATED,
                        new KsefTokenEvents.TokenActivated(token.referenceNumber,
                                new ContextIdentifier(token.contextType, token.contextValue),
                                token.secretHash, token.permissionList(), now)))
                .replaceWithVoid();
    }

    private Uni<Integer> revokeUnlisted(List<String> listedHashes, OffsetDateTime now) {
        Uni<List<KsefToken>> unlisted = listedHashes.isEmpty()
                ? tokens.list("bootstrap = true and status <> ?1", KsefToken.Status.Revoked)
                : tokens.list("bootstrap = true and status <> ?1 and secretHash not in ?2", KsefToken.Status.Revoked,
                listedHashes);
        return unlisted.chain(revoked -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (KsefToken token : revoked) {
                token.status = KsefToken.Status.Revoked;
                token.updatedAt = now;
                chain = chain.chain(() -> outbox.enqueue(KsefTokenEvents.TOPIC, token.referenceNumber,
                        KsefTokenEvents.REVOKED, new KsefTokenEvents.TokenRevoked(token.referenceNumber, now)))
                        .replaceWithVoid();
            }
            return chain.replaceWith(revoked.size());
        });
    }
}
