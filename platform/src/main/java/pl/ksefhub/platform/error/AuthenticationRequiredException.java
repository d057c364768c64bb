package pl.ksefhub.platform.error;

/** 401: no token, a malformed, expired or revoked one, or a token of the wrong kind for the endpoint. */
public class AuthenticationRequiredException extends RuntimeException {

    public AuthenticationRequiredException(String why) {
        super(why);
    }
}
