package pl.ksefhub.session.auth;

import pl.ksefhub.platform.auth.SecretHashes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.auth.AccessTokenVerifier;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.KsefTestResource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pl.ksefhub.session.auth.KsefTokenAuthenticationIT.BOOTSTRAP_NIP;
import static pl.ksefhub.session.auth.KsefTokenAuthenticationIT.BOOTSTRAP_TOKEN;

@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class BootstrapTokensIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    BootstrapTokens bootstrapTokens;
    @Inject
    BootstrapSettings settings;
    @Inject
    AccessTokenVerifier verifier;
    @Inject
    DataSource dataSource;

    @Test
    void configuredTokensAreActiveWithEveryPermissionAndAStableEcReference() throws Exception {
        String reference = query("reference_number", SecretHashes.sha256Hex(BOOTSTRAP_TOKEN));
        assertTrue(ReferenceNumbers.isValid(reference));
        assertEquals("EC", ReferenceNumbers.kindOf(reference));
        // The token's own reference (official format <reference>|nip-<NIP>|<secret>), as clients read it.
        assertTrue(BOOTSTRAP_TOKEN.startsWith(reference + "|nip-" + BOOTSTRAP_NIP + "|"));
        assertEquals("Active", query("status", SecretHashes.sha256Hex(BOOTSTRAP_TOKEN)));
        assertEquals(Permissions.join(Permissions.ALL), query("permissions", SecretHashes.sha256Hex(BOOTSTRAP_TOKEN)));

        // A restart applies the same configuration again: same reference, so UPOs of old sessions stay consistent.
        bootstrapTokens.store(configured());
        assertEquals(reference, query("reference_number", SecretHashes.sha256Hex(BOOTSTRAP_TOKEN)));
        assertEquals(reference, verifier.verify(AuthClient.login(BOOTSTRAP_NIP, BOOTSTRAP_TOKEN).accessToken())
                .ksefTokenReference());
    }

    @Test
    void aBootstrapTokenTakenOutOfTheConfigurationIsRevokedAndAListedOneReactivated() throws Exception {
        KsefTokens.GeneratedToken removed = KsefTokens.generate("Nip", BOOTSTRAP_NIP);
        String removedHash = SecretHashes.sha256Hex(removed.token());
        execute("""
                insert into ksef_token (reference_number, secret_hash, context_type, context_value, author_type,
                                        author_value, permissions, status, bootstrap, created_at, updated_at)
                values (?, ?, 'Nip', ?, 'Nip', ?, 'InvoiceWrite', 'Active', true, now(), now())
                """, removed.referenceNumber(), removedHash, BOOTSTRAP_NIP, BOOTSTRAP_NIP);
        execute("update ksef_token set status = 'Revoked' where secret_hash = ?",
                SecretHashes.sha256Hex(BOOTSTRAP_TOKEN));

        bootstrapTokens.store(configured());

        assertEquals("Revoked", query("status", removedHash));
        assertEquals("Active", query("status", SecretHashes.sha256Hex(BOOTSTRAP_TOKEN)));
        List<ConsumerRecord<String, String>> revoked = KafkaProbe.events(KsefTokenEvents.TOPIC,
                removed.referenceNumber(), KsefTokenEvents.REVOKED, 1, Duration.ofSeconds(15));
        assertEquals(1, revoked.size());
        assertEquals(removed.referenceNumber(), JSON.readTree(revoked.get(0).value()).get("referenceNumber").asText());
    }

    @Test
    void everyConfiguredTokenIsAnnouncedAsActivatedWithItsHashNeverTheToken() throws Exception {
        String reference = query("reference_number", SecretHashes.sha256Hex(BOOTSTRAP_TOKEN));
        List<ConsumerRecord<String, String>> activated = KafkaProbe.events(KsefTokenEvents.TOPIC, reference,
                KsefTokenEvents.ACTIVATED, 1, Duration.ofSeconds(15));
        assertEquals(1, activated.size(), "announced at start");
        String payload = activated.get(0).value();
        JsonNode event = JSON.readTree(payload);
        assertEquals(reference, event.get("referenceNumber").asText());
        assertEquals("Nip", event.at("/context/type").asText());
        assertEquals(BOOTSTRAP_NIP, event.at("/context/value").asText());
        assertEquals(SecretHashes.sha256Hex(BOOTSTRAP_TOKEN), event.get("tokenSha256").asText());
        assertEquals(Permissions.ALL.size(), event.get("permissions").size());
        assertTrue(event.hasNonNull("activatedAt"));
        assertFalse(payload.contains(BOOTSTRAP_TOKEN));
        assertEquals(reference, KafkaProbe.header(activated.get(0), "ce_subject"));
    }

    private List<KsefTokens.BootstrapEntry> configured() {
        return KsefTokens.parseBootstrap(settings.tokens().orElseThrow());
    }

    private String query(String column, String secretHash) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "select " + column + " from ksef_token where secret_hash = ?")) {
            query.setString(1, secretHash);
            try (ResultSet rs = query.executeQuery()) {
                assertTrue(rs.next(), "token stored");
                return rs.getString(1);
            }
        }
    }

    private void execute(String sql, String... parameters) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
