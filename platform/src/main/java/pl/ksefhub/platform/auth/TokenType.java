package pl.ksefhub.platform.auth;

/** The {@code typ} claim of the three kinds of bearer token KSeF uses. */
public enum TokenType {
    /** The operation token from {@code /auth/ksef-token} or {@code /auth/xades-signature}. */
    AuthenticationToken,
    /** The access token: everything but the auth flow. */
    ContextToken,
    /** The refresh token: {@code /auth/token/refresh} and {@code DELETE /auth/sessions/current}. */
    RefreshToken
}
