package pl.ksefhub.session.auth;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.keys.KeyUsage;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.session.auth.AuthApi.AuthenticationInitResponse;
import pl.ksefhub.session.auth.AuthApi.KsefTokenAuthenticationRequest;
import pl.ksefhub.session.testdata.ContextBlocks;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * {@code POST /auth/ksef-token} (uwierzytelnianie.md, 2.2). As in KSeF, only a malformed request (21405), an
 * unknown key (21470) and a bad challenge (21111) are refused at once; whatever is wrong with the token itself
 * becomes the operation's status (450, 415, 480), which the client reads from {@code GET /auth/{ref}}.
 *
 * <p>The token is checked within the request: RSA decryption and one lookup take milliseconds, and an operation
 * whose outcome is stored with it cannot be left "in progress" by a crash. The status is therefore final when the
 * 202 leaves; 100 remains for methods with slow outside checks (XAdES certificates).
 */
@ApplicationScoped
public class KsefTokenAuthenticationService {

    public static final String TOKEN_METHOD = "Token";

    private final AuthChallengeRepository challenges;
    private final KsefTokenRepository tokens;
    private final AuthOperationRepository operations;
    private final PlatformKeys keys;
    private final AccessTokenIssuer issuer;
    private final ContextBlocks blocks;

    public KsefTokenAuthenticationService(AuthChallengeRepository challenges, KsefTokenRepository tokens,
                                          AuthOperationRepository operations, PlatformKeys keys,
                                          AccessTokenIssuer issuer, ContextBlocks blocks) {
        this.challenges = challenges;
        this.tokens = tokens;
        this.operations = operations;
        this.keys = keys;
        this.issuer = issuer;
        this.blocks = blocks;
    }

    /** The outcome of checking the token, and the token when one was found. */
    private record Outcome(AuthStatus status, KsefToken token) {
    }

    @WithTransaction
    public Uni<AuthenticationInitResponse> authenticate(KsefTokenAuthenticationRequest request, String clientIp) {
        KsefTokenRequests.Valid valid = KsefTokenRequests.validate(request);
        keys.requireKnownPublicKey(KeyUsage.KsefTokenEncryption, valid.publicKeyId());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return challenges.consume(valid.challenge(), now).chain(challenge -> {
            if (challenge == null) {
                throw AuthErrors.invalidChallenge();
            }
            return check(valid, challenge, now).chain(outcome -> start(valid, outcome, clientIp, now));
        });
    }

    private Uni<Outcome> check(KsefTokenRequests.Valid valid, AuthChallenge challenge, OffsetDateTime now) {
        KsefTokens.TokenWithTimestamp plaintext = decrypt(valid.encryptedToken());
        if (plaintext == null) {
            return Uni.createFrom().item(new Outcome(AuthStatus.invalidToken(), null));
        }
        if (!plaintext.hasTimestamp(challenge.timestampMs)) {
            return Uni.createFrom().item(new Outcome(AuthStatus.invalidTokenTime(), null));
        }
        return tokens.findBySecret(plaintext.token()).chain(token -> blocks.isBlocked(valid.contextType(),
                valid.contextValue()).map(blocked -> new Outcome(evaluate(token, valid, blocked, now), token)));
    }

    private static AuthStatus evaluate(KsefToken token, KsefTokenRequests.Valid valid, boolean contextBlocked,
                                       OffsetDateTime now) {
        if (token == null) {
            return AuthStatus.invalidToken();
        }
        if (token.isRevoked()) {
            return AuthStatus.tokenRevoked();
        }
        if (token.status != KsefToken.Status.Active) {
            return AuthStatus.tokenInactive();
        }
        // A token is bound to the context it was generated in (issue CIRFMF/ksef-api#741): in any other context
        // its author holds no permission through it.
        if (!token.contextType.equals(valid.contextType()) || !token.contextValue.equals(valid.contextValue())
                || token.permissionList().isEmpty()) {
            return AuthStatus.noPermissions();
        }
        // A blocked context (/testdata/context/block) ends every authentication in it with 480.
        if (contextBlocked) {
            return AuthStatus.blocked();
        }
        token.lastUseDate = now;
        return AuthStatus.succeeded();
    }

    private Uni<AuthenticationInitResponse> start(KsefTokenRequests.Valid valid, Outcome outcome, String clientIp,
                                                  OffsetDateTime now) {
        AuthOperation operation = new AuthOperation();
        operation.referenceNumber = ReferenceNumbers.next(ReferenceNumbers.AUTHENTICATION);
        operation.challenge = valid.challenge();
        operation.startedAt = now;
        operation.authenticationMethod = TOKEN_METHOD;
        operation.contextType = valid.contextType();
        operation.contextValue = valid.contextValue();
        operation.clientIp = clientIp;
        if (outcome.token() != null) {
            operation.subject = outcome.token().authorValue;
            operation.ksefTokenReference = outcome.token().referenceNumber;
        }
        if (outcome.status().code() == AuthStatus.SUCCEEDED) {
            operation.permissions = outcome.token().permissions;
        }
        operation.setStatus(outcome.status(), now);
        AccessTokenIssuer.Issued authenticationToken = issuer.authenticationToken(operation, now);
        return operations.persist(operation)
                .replaceWith(new AuthenticationInitResponse(operation.referenceNumber, authenticationToken.info()));
    }

    /** @return {@code token|timestampMs} split at its last bar, or null when it is not ours to read */
    private KsefTokens.TokenWithTimestamp decrypt(byte[] encryptedToken) {
        try {
            byte[] plaintext = keys.unwrap(KeyUsage.KsefTokenEncryption, encryptedToken);
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plaintext)).toString();
            return KsefTokens.split(text);
        } catch (GeneralSecurityException | CharacterCodingException e) {
            return null;
        }
    }
}
