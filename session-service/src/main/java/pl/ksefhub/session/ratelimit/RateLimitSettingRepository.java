package pl.ksefhub.session.ratelimit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimitValues;

import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code rate_limit_setting}: a context's own rate limits, one row per context, written in the caller's transaction.
 * An upsert, so that two changes of one context at once cannot collide on the key.
 */
@ApplicationScoped
public class RateLimitSettingRepository {

    private static final String UPSERT = "insert into rate_limit_setting"
            + " (context_type, context_value, profile, limits, updated_at)"
            // Through text: a parameter typed jsonb would take the Java string as a JSON string value.
            + " values (:type, :value, :profile, cast(cast(:limits as text) as jsonb), :updatedAt)"
            + " on conflict (context_type, context_value) do update set profile = excluded.profile,"
            + " limits = excluded.limits, updated_at = excluded.updated_at";
    private static final String DELETE = "delete from rate_limit_setting"
            + " where context_type = :type and context_value = :value";
    private static final String SELECT = "select cast(limits as text) from rate_limit_setting"
            + " where context_type = :type and context_value = :value";

    private final ObjectMapper json;

    public RateLimitSettingRepository(ObjectMapper json) {
        this.json = json;
    }

    public Uni<Void> save(String contextType, String contextValue, String profile,
                          Map<RateLimitGroup, RateLimitValues> limits, OffsetDateTime at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(UPSERT)
                        .setParameter("type", contextType)
                        .setParameter("value", contextValue)
                        .setParameter("profile", profile)
                        .setParameter("limits", write(limits))
                        .setParameter("updatedAt", at)
                        .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Void> delete(String contextType, String contextValue) {
        return Panache.getSession().chain(session -> session.createNativeQuery(DELETE)
                        .setParameter("type", contextType)
                        .setParameter("value", contextValue)
                        .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Optional<Map<RateLimitGroup, RateLimitValues>>> find(String contextType, String contextValue) {
        return Panache.getSession().chain(session -> session.createNativeQuery(SELECT, String.class)
                        .setParameter("type", contextType)
                        .setParameter("value", contextValue)
                        .getResultList())
                .map(rows -> rows.stream().findFirst().map(this::read));
    }

    private String write(Map<RateLimitGroup, RateLimitValues> limits) {
        Map<String, RateLimitValues> byName = new LinkedHashMap<>();
        limits.forEach((group, values) -> byName.put(group.specName(), values));
        try {
            return json.writeValueAsString(byName);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Rate limits not serialisable", e);
        }
    }

    private Map<RateLimitGroup, RateLimitValues> read(String stored) {
        try {
            Map<String, RateLimitValues> byName = json.readValue(stored, new TypeReference<>() {
            });
            Map<RateLimitGroup, RateLimitValues> limits = new EnumMap<>(RateLimitGroup.class);
            byName.forEach((name, values) -> RateLimitGroup.bySpecName(name)
                    .ifPresent(group -> limits.put(group, values)));
            return limits;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored rate limits unreadable: " + stored, e);
        }
    }
}
