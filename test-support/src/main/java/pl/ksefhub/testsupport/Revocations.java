package pl.ksefhub.testsupport;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Announces a revoked authentication session the way session-service does ({@code ksef.auth.session-revoked.v1} on
 * {@code ksef.auth.revocations}, key = the AU reference number), for tests of what every service then refuses.
 */
public final class Revocations {

    public static final String TOPIC = "ksef.auth.revocations";
    public static final String SESSION_REVOKED = "ksef.auth.session-revoked.v1";

    private Revocations() {
    }

    /** Publishes the revocation of {@code authReference} in the NIP context; returns its {@code ce_id}. */
    public static String publish(String authReference, String nip, OffsetDateTime validUntil) {
        String json = """
                {"authReferenceNumber": "%s", "context": {"type": "Nip", "value": "%s"},
                 "revokedAt": "%s", "validUntil": "%s"}""".formatted(authReference, nip,
                OffsetDateTime.now(ZoneOffset.UTC), validUntil.withOffsetSameInstant(ZoneOffset.UTC));
        return KafkaProbe.publish(TOPIC, authReference, SESSION_REVOKED, json);
    }
}
