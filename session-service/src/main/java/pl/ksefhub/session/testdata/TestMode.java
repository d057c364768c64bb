package pl.ksefhub.session.testdata;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import pl.ksefhub.platform.auth.KsefAuth;
import pl.ksefhub.platform.auth.KsefPrincipal;

/**
 * {@code ksef.session.test-mode}: the behaviour of the KSeF test environment. Outside it the {@code /testdata/**}
 * endpoints do not exist (404), as on KSeF's production environment.
 */
@ApplicationScoped
public class TestMode {

    private final boolean on;
    private final KsefAuth auth;

    public TestMode(@ConfigProperty(name = "ksef.session.test-mode", defaultValue = "true") boolean on,
                    KsefAuth auth) {
        this.on = on;
        this.auth = auth;
    }

    public boolean isOn() {
        return on;
    }

    /** @throws NotFoundException outside test mode */
    public void require() {
        if (!on) {
            throw new NotFoundException();
        }
    }

    /** The answer of every test-data change once it is done: 200 without a body. */
    public static Uni<Response> ok(Uni<Void> change) {
        return change.replaceWith(() -> Response.ok().build());
    }

    /**
     * For test-data endpoints that act for the caller: outside test mode 404 before the token is looked at, then
     * the caller's access token (401 without a usable one).
     */
    public KsefPrincipal requireAccess(String authorization) {
        require();
        return auth.requireAccess(authorization);
    }
}
