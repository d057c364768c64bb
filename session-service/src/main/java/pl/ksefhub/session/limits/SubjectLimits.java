package pl.ksefhub.session.limits;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.session.limits.LimitsApi.Certificate;
import pl.ksefhub.session.limits.LimitsApi.EffectiveSubjectLimits;
import pl.ksefhub.session.limits.LimitsApi.Enrollment;

import java.time.OffsetDateTime;
import java.util.regex.Pattern;

/**
 * The certificate limits of an authenticated subject ("Limity na uwierzytelniony podmiot", limity/limity.md): the
 * defaults for the kind of identifier that names it (NIP, PESEL, certificate fingerprint), or what
 * {@code /testdata/limits/subject/certificate} set ({@code subject_certificate_limits}, a null column keeps the
 * default).
 */
@ApplicationScoped
public class SubjectLimits {

    private static final Pattern PESEL = Pattern.compile("\\d{11}");
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9A-Fa-f]{64}");

    private final LimitsConfig config;

    public SubjectLimits(LimitsConfig config) {
        this.config = config;
    }

    public Uni<EffectiveSubjectLimits> effective(String subject) {
        EffectiveSubjectLimits defaults = defaults(subject);
        if (subject == null) {
            return Uni.createFrom().item(defaults);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select max_enrollments, max_certificates from subject_certificate_limits
                        where subject_value = ?1
                        """, Object[].class)
                .setParameter(1, subject).getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        return defaults;
                    }
                    Object[] row = rows.get(0);
                    return new EffectiveSubjectLimits(
                            new Enrollment(row[0] == null ? defaults.enrollment().maxEnrollments()
                                    : ((Number) row[0]).intValue()),
                            new Certificate(row[1] == null ? defaults.certificate().maxCertificates()
                                    : ((Number) row[1]).intValue()));
                });
    }

    /** Sets the given limits; a null one stays as it was. */
    Uni<Void> set(String subject, Integer maxEnrollments, Integer maxCertificates, OffsetDateTime now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into subject_certificate_limits (subject_value, max_enrollments, max_certificates,
                                                                updated_at)
                        values (?1, cast(?2 as integer), cast(?3 as integer), ?4)
                        on conflict (subject_value) do update set
                            max_enrollments = coalesce(excluded.max_enrollments,
                                                       subject_certificate_limits.max_enrollments),
                            max_certificates = coalesce(excluded.max_certificates,
                                                        subject_certificate_limits.max_certificates),
                            updated_at = excluded.updated_at
                        """)
                .setParameter(1, subject).setParameter(2, maxEnrollments).setParameter(3, maxCertificates)
                .setParameter(4, now)
                .executeUpdate()).replaceWithVoid();
    }

    Uni<Void> reset(String subject) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "delete from subject_certificate_limits where subject_value = ?1")
                .setParameter(1, subject).executeUpdate()).replaceWithVoid();
    }

    /**
     * The subject of an access token is the NIP, PESEL or fingerprint its certificate named (or the NIP that
     * generated its KSeF token); its form tells which defaults apply.
     */
    EffectiveSubjectLimits defaults(String subject) {
        LimitsConfig.SubjectDefaults defaults = config.subject();
        if (subject != null && PESEL.matcher(subject).matches()) {
            return limits(defaults.peselMaxEnrollments(), defaults.peselMaxCertificates());
        }
        if (subject != null && FINGERPRINT.matcher(subject).matches()) {
            return limits(defaults.fingerprintMaxEnrollments(), defaults.fingerprintMaxCertificates());
        }
        return limits(defaults.nipMaxEnrollments(), defaults.nipMaxCertificates());
    }

    private static EffectiveSubjectLimits limits(int enrollments, int certificates) {
        return new EffectiveSubjectLimits(new Enrollment(enrollments), new Certificate(certificates));
    }
}
