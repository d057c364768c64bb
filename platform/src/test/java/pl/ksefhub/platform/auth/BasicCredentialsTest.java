package pl.ksefhub.platform.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pl.ksefhub.platform.error.AuthenticationRequiredException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BasicCredentialsTest {

    @Test
    void theLoginEndsAtTheFirstColonAndThePasswordKeepsTheRest() {
        assertEquals(Optional.of(new BasicCredentials("5265877635", "ref|nip-5265877635|ab:cd")),
                BasicCredentials.from("basic " + base64("5265877635:ref|nip-5265877635|ab:cd")));
    }

    @Test
    void anotherSchemeIsNotBasicAndNothingIsNoCredentials() {
        assertEquals(Optional.empty(), BasicCredentials.from("Bearer abc"));
        assertEquals(Optional.empty(), BasicCredentials.from(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic not*base64", "Basic bm8tY29sb24=", "Basic OnRva2Vu", "Basic NTI2NTg3NzYzNTo="})
    void basicWithoutLoginColonPasswordIs401(String header) {
        assertThrows(AuthenticationRequiredException.class, () -> BasicCredentials.from(header));
    }

    @Test
    void thePasswordNeverShowsInText() {
        assertFalse(new BasicCredentials("5265877635", "secret").toString().contains("secret"));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
