package pl.ksefhub.session.limits;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.session.limits.LimitsApi.EffectiveContextLimits;
import pl.ksefhub.session.limits.LimitsApi.EffectiveSubjectLimits;
import pl.ksefhub.session.limits.LimitsApi.SetSessionLimitsRequest;
import pl.ksefhub.session.limits.LimitsApi.SetSubjectLimitsRequest;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Limits of the caller's context and of the caller ("bieżący kontekst", "bieżący podmiot"): reading them, and, in
 * test mode, changing them and restoring the defaults.
 */
@ApplicationScoped
public class LimitsService {

    private final ContextLimits contextLimits;
    private final SubjectLimits subjectLimits;

    public LimitsService(ContextLimits contextLimits, SubjectLimits subjectLimits) {
        this.contextLimits = contextLimits;
        this.subjectLimits = subjectLimits;
    }

    @WithSession
    public Uni<EffectiveContextLimits> contextLimits(KsefPrincipal caller) {
        return contextLimits.effective(caller.contextType(), caller.contextValue());
    }

    @WithSession
    public Uni<EffectiveSubjectLimits> subjectLimits(KsefPrincipal caller) {
        return subjectLimits.effective(caller.subject());
    }

    /** Both sessions' limits at once: the request must carry all six values. */
    @WithTransaction
    public Uni<Void> setContextLimits(KsefPrincipal caller, SetSessionLimitsRequest request) {
        EffectiveContextLimits limits = LimitsValidation.sessionLimits(request);
        return contextLimits.set(caller.contextType(), caller.contextValue(), limits, now());
    }

    @WithTransaction
    public Uni<Void> resetContextLimits(KsefPrincipal caller) {
        return contextLimits.reset(caller.contextType(), caller.contextValue());
    }

    /**
     * The limits of the caller, the subject of its token; {@code subjectIdentifierType} is checked but the subject
     * is always the caller, whose identifier's form tells its type.
     */
    @WithTransaction
    public Uni<Void> setSubjectLimits(KsefPrincipal caller, SetSubjectLimitsRequest request) {
        LimitsValidation.subjectLimits(request);
        return subjectLimits.set(caller.subject(),
                request.enrollment() == null ? null : request.enrollment().maxEnrollments(),
                request.certificate() == null ? null : request.certificate().maxCertificates(), now());
    }

    @WithTransaction
    public Uni<Void> resetSubjectLimits(KsefPrincipal caller) {
        return subjectLimits.reset(caller.subject());
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
