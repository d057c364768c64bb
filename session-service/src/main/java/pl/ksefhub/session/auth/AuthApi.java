package pl.ksefhub.session.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import pl.ksefhub.platform.identifiers.ContextIdentifier;

import java.time.OffsetDateTime;
import java.util.List;

/** Request and response bodies of {@code /auth/**}, field for field as in the spec. */
public final class AuthApi {

    private AuthApi() {
    }

    /** {@code AuthenticationChallengeResponse}. */
    public record ChallengeResponse(String challenge, OffsetDateTime timestamp, long timestampMs, String clientIp) {
    }

    /** {@code AllowedIps}: kept as sent; the IP policy is not enforced yet. */
    public record AllowedIps(List<String> ip4Addresses, List<String> ip4Ranges, List<String> ip4Masks) {
    }

    /** {@code AuthorizationPolicy}. */
    public record AuthorizationPolicy(AllowedIps allowedIps) {
    }

    /** {@code InitTokenAuthenticationRequest} of {@code POST /auth/ksef-token}. */
    public record KsefTokenAuthenticationRequest(String challenge, ContextIdentifier contextIdentifier,
                                                 String encryptedToken, String publicKeyId,
                                                 AuthorizationPolicy authorizationPolicy) {
    }

    /** {@code TokenInfo}. */
    public record TokenInfo(String token, OffsetDateTime validUntil) {
    }

    /** {@code AuthenticationInitResponse}: 202 of {@code /auth/ksef-token} and {@code /auth/xades-signature}. */
    public record AuthenticationInitResponse(String referenceNumber, TokenInfo authenticationToken) {
    }

    /** {@code StatusInfo}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StatusInfo(int code, String description, List<String> details) {

        static StatusInfo of(AuthStatus status) {
            return new StatusInfo(status.code(), status.description(),
                    status.details().isEmpty() ? null : status.details());
        }
    }

    /** {@code AuthenticationMethodInfo}. */
    public record AuthenticationMethodInfo(String category, String code, String displayName) {

        /** What KSeF answers for a KSeF-token login. */
        static final AuthenticationMethodInfo KSEF_TOKEN =
                new AuthenticationMethodInfo("Token", "token.ksef", "Token KSeF");

        /** XAdES with an organization's certificate (the spec's example of {@code /auth/sessions}). */
        static final AuthenticationMethodInfo QUALIFIED_SEAL =
                new AuthenticationMethodInfo("XadesSignature", "xades.qualified-seal", "Pieczęć kwalifikowana");

        /** XAdES with a person's certificate. */
        static final AuthenticationMethodInfo QUALIFIED_SIGNATURE =
                new AuthenticationMethodInfo("XadesSignature", "xades.qualified-signature", "Podpis kwalifikowany");

        /**
         * XAdES with a KSeF certificate of this installation; the code follows the pattern of the two above (the
         * spec shows no example of it).
         */
        static final AuthenticationMethodInfo INTERNAL_CERTIFICATE =
                new AuthenticationMethodInfo("XadesSignature", "xades.internal-certificate", "Certyfikat KSeF");
    }

    /** {@code AuthenticationOperationStatusResponse}; unknown optional values are left out, as KSeF does. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AuthenticationStatusResponse(OffsetDateTime startDate, String authenticationMethod,
                                               AuthenticationMethodInfo authenticationMethodInfo, StatusInfo status,
                                               Boolean isTokenRedeemed, OffsetDateTime lastTokenRefreshDate,
                                               OffsetDateTime refreshTokenValidUntil) {
    }

    /** {@code AuthenticationTokensResponse} of redeem. */
    public record AuthenticationTokensResponse(TokenInfo accessToken, TokenInfo refreshToken) {
    }

    /** {@code AuthenticationTokenRefreshResponse}. */
    public record AuthenticationTokenRefreshResponse(TokenInfo accessToken) {
    }

    /** {@code AuthenticationListItem} of {@code GET /auth/sessions}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AuthenticationListItem(String referenceNumber, boolean isCurrent, OffsetDateTime startDate,
                                         String authenticationMethod,
                                         AuthenticationMethodInfo authenticationMethodInfo, StatusInfo status,
                                         Boolean isTokenRedeemed, OffsetDateTime lastTokenRefreshDate,
                                         OffsetDateTime refreshTokenValidUntil) {
    }

    /** {@code AuthenticationListResponse}: no continuation token on the last page. */
    public record AuthenticationListResponse(String continuationToken, List<AuthenticationListItem> items) {
    }
}
