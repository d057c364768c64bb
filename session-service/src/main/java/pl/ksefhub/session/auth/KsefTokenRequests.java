package pl.ksefhub.session.auth;

import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.identifiers.Identifiers;
import pl.ksefhub.session.auth.AuthApi.KsefTokenAuthenticationRequest;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The synchronous checks of {@code POST /auth/ksef-token}: shape only, with FluentValidation-style details as KSeF
 * words them (21405). Everything about the token itself is the operation's status, not a 400.
 */
final class KsefTokenRequests {

    static final Set<String> CONTEXT_TYPES = Set.of("Nip", "InternalId", "NipVatUe", "PeppolId");
    private static final Pattern INTERNAL_ID = Identifiers.INTERNAL_ID;
    private static final int REFERENCE_LENGTH = 36;
    private static final int PUBLIC_KEY_ID_LENGTH = 44;

    private KsefTokenRequests() {
    }

    /** A request that passed validation, with the ciphertext decoded. */
    record Valid(String challenge, String contextType, String contextValue, byte[] encryptedToken,
                 String publicKeyId) {
    }

    /** @throws KsefException 21405 listing every problem found */
    static Valid validate(KsefTokenAuthenticationRequest request) {
        if (request == null) {
            throw KsefException.validation("A non-empty request body is required.");
        }
        List<String> problems = new ArrayList<>();
        if (isBlank(request.challenge())) {
            problems.add("'challenge' must not be empty.");
        } else if (request.challenge().length() != REFERENCE_LENGTH) {
            problems.add(lengthProblem("challenge", REFERENCE_LENGTH, request.challenge()));
        }
        if (request.contextIdentifier() == null) {
            problems.add("'contextIdentifier' must not be empty.");
        } else {
            String type = request.contextIdentifier().type();
            String value = request.contextIdentifier().value();
            if (isBlank(type)) {
                problems.add("'contextIdentifier.type' must not be empty.");
            } else if (!CONTEXT_TYPES.contains(type)) {
                problems.add("'contextIdentifier.type' has a range of values which does not include '" + type
                        + "'.");
            }
            if (isBlank(value)) {
                problems.add("'contextIdentifier.value' must not be empty.");
            } else if (("Nip".equals(type) && !KsefTokens.NIP.matcher(value).matches())
                    || ("InternalId".equals(type) && !INTERNAL_ID.matcher(value).matches())) {
                problems.add("'contextIdentifier.value' is not in the correct format.");
            }
        }
        byte[] encrypted = null;
        if (isBlank(request.encryptedToken())) {
            problems.add("'encryptedToken' must not be empty.");
        } else {
            try {
                encrypted = Base64.getDecoder().decode(request.encryptedToken());
            } catch (IllegalArgumentException e) {
                problems.add("'encryptedToken' is not a valid Base64 string.");
            }
        }
        if (request.publicKeyId() != null && request.publicKeyId().length() != PUBLIC_KEY_ID_LENGTH) {
            problems.add(lengthProblem("publicKeyId", PUBLIC_KEY_ID_LENGTH, request.publicKeyId()));
        }
        if (!problems.isEmpty()) {
            throw KsefException.validation(problems.toArray(String[]::new));
        }
        return new Valid(request.challenge(), request.contextIdentifier().type(), request.contextIdentifier().value(),
                encrypted, request.publicKeyId());
    }

    private static String lengthProblem(String field, int expected, String value) {
        return "'%s' must be %d characters in length. You entered %d characters."
                .formatted(field, expected, value.length());
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
