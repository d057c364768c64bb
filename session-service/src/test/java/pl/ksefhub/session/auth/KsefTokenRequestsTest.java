package pl.ksefhub.session.auth;

import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.identifiers.ContextIdentifier;
import pl.ksefhub.session.auth.AuthApi.KsefTokenAuthenticationRequest;

import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KsefTokenRequestsTest {

    private static final String CHALLENGE = "20250625-CR-2FDC223000-C2BFC98A9C-4E";
    private static final String TOKEN = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});

    @Test
    void aWellFormedRequestPassesWithItsCiphertextDecoded() {
        KsefTokenRequests.Valid valid = KsefTokenRequests.validate(new KsefTokenAuthenticationRequest(CHALLENGE,
                new ContextIdentifier("Nip", "5265877635"), TOKEN, null, null));
        assertArrayEquals(new byte[] {1, 2, 3}, valid.encryptedToken());
        assertEquals("Nip", valid.contextType());
    }

    @Test
    void anEmptyBodyIsAValidationError() {
        assertProblems(null, "A non-empty request body is required.");
    }

    @Test
    void wrongLengthsAreReportedAsFluentValidationDoes() {
        assertProblems(new KsefTokenAuthenticationRequest("short", new ContextIdentifier("Nip", "5265877635"), TOKEN,
                        "abc", null),
                "'challenge' must be 36 characters in length. You entered 5 characters.",
                "'publicKeyId' must be 44 characters in length. You entered 3 characters.");
    }

    @Test
    void contextValuesMustHaveTheFormatOfTheirType() {
        assertProblems(new KsefTokenAuthenticationRequest(CHALLENGE, new ContextIdentifier("Nip", "0265877635"),
                TOKEN, null, null), "'contextIdentifier.value' is not in the correct format.");
        assertProblems(new KsefTokenAuthenticationRequest(CHALLENGE, new ContextIdentifier("InternalId",
                "5265877635"), TOKEN, null, null), "'contextIdentifier.value' is not in the correct format.");
        KsefTokenRequests.validate(new KsefTokenAuthenticationRequest(CHALLENGE,
                new ContextIdentifier("InternalId", "5265877635-12345"), TOKEN, null, null));
    }

    @Test
    void aMissingContextIsReported() {
        assertProblems(new KsefTokenAuthenticationRequest(CHALLENGE, null, TOKEN, null, null),
                "'contextIdentifier' must not be empty.");
        assertProblems(new KsefTokenAuthenticationRequest(CHALLENGE, new ContextIdentifier(null, ""), TOKEN, null,
                null), "'contextIdentifier.type' must not be empty.", "'contextIdentifier.value' must not be empty.");
    }

    private static void assertProblems(KsefTokenAuthenticationRequest request, String... details) {
        KsefException e = assertThrows(KsefException.class, () -> KsefTokenRequests.validate(request));
        assertEquals(400, e.httpStatus());
        assertEquals(21405, e.code());
        assertEquals("Błąd walidacji danych wejściowych.", e.description());
        assertEquals(List.of(details), e.details());
    }
}
