package pl.ksefhub.session.auth;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.auth.AccessTokenVerifier;
import pl.ksefhub.testsupport.KsefTestResource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class AuthPurgeIT {

    @Inject
    AuthPurge purge;
    @Inject
    DataSource dataSource;
    @Inject
    AccessTokenVerifier verifier;

    @Test
    void expiredChallengesAndAuthenticationsPastRetentionGoWhileLiveOnesStay() throws Throwable {
        String expiredUnused = AuthClient.challenge().challenge();
        String fresh = AuthClient.challenge().challenge();
        AuthTestData.execute(dataSource, "update auth_challenge set expires_at = now() - interval '1 minute'"
                + " where challenge = ?", expiredUnused);

        Map<String, Object> recent = AuthClient.start(KsefTokenAuthenticationIT.BOOTSTRAP_NIP,
                KsefTokenAuthenticationIT.BOOTSTRAP_TOKEN);
        String recentReference = (String) recent.get("referenceNumber");
        String recentChallenge = challengeOf(recentReference);
        Map<String, Object> old = AuthClient.start(KsefTokenAuthenticationIT.BOOTSTRAP_NIP,
                KsefTokenAuthenticationIT.BOOTSTRAP_TOKEN);
        String oldReference = (String) old.get("referenceNumber");
        String oldChallenge = challengeOf(oldReference);
        AuthClient.Tokens redeemedLongAgo = AuthClient.login(KsefTokenAuthenticationIT.BOOTSTRAP_NIP,
                KsefTokenAuthenticationIT.BOOTSTRAP_TOKEN);
        String stillRefreshable = verifier.verify(redeemedLongAgo.accessToken()).authReferenceNumber();
        for (String reference : new String[] {oldReference, stillRefreshable}) {
            AuthTestData.execute(dataSource, "update auth_operation set started_at = now() - interval '8 days'"
                    + " where reference_number = ?", reference);
        }
        AuthTestData.execute(dataSource, "update auth_challenge set expires_at = now() - interval '8 days'"
                + " where challenge in (?, ?)", recentChallenge, oldChallenge);

        VertxContextSupport.subscribeAndAwait(() -> purge.purge(OffsetDateTime.now(ZoneOffset.UTC)));

        assertFalse(exists("auth_challenge", "challenge", expiredUnused));
        assertTrue(exists("auth_challenge", "challenge", fresh));
        assertTrue(exists("auth_operation", "reference_number", recentReference));
        assertTrue(exists("auth_challenge", "challenge", recentChallenge), "still used by a kept authentication");
        assertFalse(exists("auth_operation", "reference_number", oldReference));
        assertFalse(exists("auth_challenge", "challenge", oldChallenge));
        assertTrue(exists("auth_operation", "reference_number", stillRefreshable), "its refresh token still works");
        AuthClient.refresh(redeemedLongAgo.refreshToken(), false).statusCode(200);
    }

    private String challengeOf(String operation) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "select challenge from auth_operation where reference_number = ?")) {
            query.setString(1, operation);
            try (ResultSet rs = query.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
    }

    private boolean exists(String table, String column, String value) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "select 1 from " + table + " where " + column + " = ?")) {
            query.setString(1, value);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }
}
