package pl.ksefhub.platform.auth;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import pl.ksefhub.platform.events.EventConsumer;
import pl.ksefhub.platform.events.EventEnvelope;

import java.time.OffsetDateTime;

/**
 * Feeds {@link RevokedTokens} from session-service's {@code ksef.auth.session-revoked.v1} on
 * {@code ksef.auth.revocations}, in every service that has the platform on its classpath. The channel is configured
 * once, in the platform's {@code META-INF/microprofile-config.properties}: a consumer group of its own per running
 * instance that reads the topic from the beginning and commits nothing, so every replica learns every revocation,
 * also one that starts later (the topic keeps 7 days, compacted by key: as long as a refresh token lives).
 *
 * <p>An in-memory consumer ({@link EventConsumer#consumeInMemory}): not idempotent through {@code processed_event}
 * (the effect is in memory, repeating it changes nothing, and each instance must apply every event, not once per
 * service); a record it cannot read is logged and skipped rather than dead-lettered: every replica reads every
 * record, so each would dead-letter it again.
 */
@ApplicationScoped
public class AuthRevocationConsumer {

    public static final String CHANNEL = "auth-revocations";
    public static final String TOPIC = "ksef.auth.revocations";
    public static final String SESSION_REVOKED = "ksef.auth.session-revoked.v1";

    private final RevokedTokens revokedTokens;
    private final EventConsumer consumer;

    public AuthRevocationConsumer(RevokedTokens revokedTokens, EventConsumer consumer) {
        this.revokedTokens = revokedTokens;
        this.consumer = consumer;
    }

    /** The fields read here; the publisher's schema is session-service's {@code events/} folder. */
    record SessionRevoked(String authReferenceNumber, OffsetDateTime validUntil) {
    }

    @Incoming(CHANNEL)
    public void onRevocation(ConsumerRecord<String, String> record) {
        consumer.consumeInMemory(record, AuthRevocationConsumer::read,
                revoked -> revokedTokens.revoke(revoked.authReferenceNumber(), revoked.validUntil().toInstant()));
    }

    private static SessionRevoked read(EventEnvelope event) {
        if (!SESSION_REVOKED.equals(event.type())) {
            return null;
        }
        SessionRevoked revoked = event.as(SessionRevoked.class);
        if (revoked.authReferenceNumber() == null || revoked.validUntil() == null) {
            throw new EventEnvelope.MalformedEventException("authReferenceNumber and validUntil are required");
        }
        return revoked;
    }
}
