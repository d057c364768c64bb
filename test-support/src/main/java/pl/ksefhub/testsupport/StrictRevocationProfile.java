package pl.ksefhub.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * The operator's option {@code ksef.auth.revoke-access-tokens=true}: access tokens of a revoked authentication
 * session are refused too, everywhere, from {@code ksef.auth.revocations} (KSeF itself keeps them valid until they
 * expire, which is the default). For the tests of that broadcast.
 */
public class StrictRevocationProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("ksef.auth.revoke-access-tokens", "true");
    }
}
