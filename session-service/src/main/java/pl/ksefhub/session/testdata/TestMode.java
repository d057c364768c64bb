package pl.ksefhub.session.testdata;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code ksef.session.test-mode}: the behaviour of the KSeF test environment. Outside it the {@code /testdata/**}
 * endpoints do not exist (404), as on KSeF's production environment.
 */
@ApplicationScoped
public class TestMode {

    private final boolean on;

    public TestMode(@ConfigProperty(name = "ksef.session.test-mode", defaultValue = "true") boolean on) {
        this.on = on;
    }

    /** @throws NotFoundException outside test mode */
    public void require() {
        if (!on) {
            throw new NotFoundException();
        }
    }
}
