package pl.ksefhub.platform.ratelimit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a JAX-RS resource method: the operation is limited with its spec group's thresholds, per (context, client IP),
 * by {@link RateLimitFilter}. The group is the {@code grupa} of the operation's 429 response in open-api.json.
 * Methods without it are not limited (resources outside the KSeF API: JWKS, upload and download URLs, recurring
 * documents).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RateLimited {

    RateLimitGroup value();
}
