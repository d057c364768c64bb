package pl.ksefhub.platform.keys;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Loads the platform's key pairs at start in the services that use them (session-service, invoice-service), so that
 * a missing pair in a read-only folder stops the service with a clear message instead of failing its first request.
 *
 * <p>Looked up, not injected: a service that never injects {@link PlatformKeys} (upo-service, recurring-service)
 * has the bean removed at build time, and must not start creating keys it has no folder for.
 */
@ApplicationScoped
public class KeysAtStartup {

    void onStart(@Observes StartupEvent event) {
        try (InstanceHandle<PlatformKeys> keys = Arc.container().instance(PlatformKeys.class)) {
            if (keys.isAvailable()) {
                keys.get().loadAll();
            }
        }
    }
}
