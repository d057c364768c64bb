package pl.ksefhub.platform.purge;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.outbox.Outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Erases an aggregate (a deleted session) from a service's database inside the caller's transaction: the service's
 * own list of statements, in order (children before parents), then every outbox row keyed by the aggregate
 * ({@link Outbox#forget}). Each service keeps its list in one class that names its tables; this is the part they
 * share.
 */
@ApplicationScoped
public class Purge {

    private final Outbox outbox;

    public Purge(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * @param key        the aggregate's outbox key (the session reference number)
     * @param statements native SQL, each taking some of {@code parameters} by name
     * @return the rows each statement changed, in order
     */
    public Uni<List<Integer>> run(String key, List<String> statements, Map<String, Object> parameters) {
        List<Integer> counts = new ArrayList<>();
        Uni<Void> all = Uni.createFrom().voidItem();
        for (String statement : statements) {
            all = all.chain(() -> Panache.getSession().chain(session -> {
                var query = session.createNativeQuery(statement);
                parameters.forEach((name, value) -> {
                    if (statement.contains(":" + name)) {
                        query.setParameter(name, value);
                    }
                });
                return query.executeUpdate();
            }).invoke(counts::add).replaceWithVoid());
        }
        return all.chain(() -> outbox.forget(key)).replaceWith(counts);
    }
}
