package pl.ksefhub.platform.auth;

import pl.ksefhub.platform.error.AuthenticationRequiredException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * HTTP Basic credentials (RFC 7617) as the APIs that take a login and a KSeF token use them ({@code curl --user
 * NIP:token}). Only the header is read here; what the password proves is the caller's business.
 *
 * @param login    what comes before the first colon
 * @param password everything after it (KSeF tokens contain no colon, but a password may)
 */
public record BasicCredentials(String login, String password) {

    /**
     * @return empty when the header is not {@code Basic} at all (another scheme may apply)
     * @throws AuthenticationRequiredException when it is {@code Basic} but not Base64 of {@code login:password}
     */
    public static Optional<BasicCredentials> from(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorizationHeader.substring(6).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationRequiredException("Basic credentials are not Base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || colon == decoded.length() - 1) {
            throw new AuthenticationRequiredException("Basic credentials need login:password");
        }
        return Optional.of(new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    /** Never the password: these may end up in logs. */
    @Override
    public String toString() {
        return "BasicCredentials[login=" + login + "]";
    }
}
