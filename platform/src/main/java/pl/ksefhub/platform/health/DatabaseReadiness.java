package pl.ksefhub.platform.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/** Ready only when the service's own database answers. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {

    private final Pool pool;

    public DatabaseReadiness(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.query("select 1").execute()
                .ifNoItem().after(Duration.ofSeconds(3)).fail()
                .map(rows -> HealthCheckResponse.up("database"))
                .onFailure().recoverWithItem(e -> HealthCheckResponse.down("database"));
    }
}
