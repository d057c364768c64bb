package pl.ksefhub.session.certificates;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.error.ForbiddenException;
import pl.ksefhub.platform.offload.Offload;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.session.auth.AuthOperation;
import pl.ksefhub.session.auth.AuthOperationRepository;
import pl.ksefhub.session.auth.KsefTokenAuthenticationService;
import pl.ksefhub.session.certificates.CertificatesApi.CertificateEnrollmentDataResponse;
import pl.ksefhub.session.certificates.CertificatesApi.CertificateEnrollmentStatusResponse;
import pl.ksefhub.session.certificates.CertificatesApi.CertificateLimit;
import pl.ksefhub.session.certificates.CertificatesApi.CertificateLimitsResponse;
import pl.ksefhub.session.certificates.CertificatesApi.CertificateListItem;
import pl.ksefhub.session.certificates.CertificatesApi.CertificateSubjectIdentifier;
import pl.ksefhub.session.certificates.CertificatesApi.EnrollCertificateRequest;
import pl.ksefhub.session.certificates.CertificatesApi.EnrollCertificateResponse;
import pl.ksefhub.session.certificates.CertificatesApi.QueryCertificatesRequest;
import pl.ksefhub.session.certificates.CertificatesApi.QueryCertificatesResponse;
import pl.ksefhub.session.certificates.CertificatesApi.RetrieveCertificatesListItem;
import pl.ksefhub.session.certificates.CertificatesApi.RetrieveCertificatesRequest;
import pl.ksefhub.session.certificates.CertificatesApi.RetrieveCertificatesResponse;
import pl.ksefhub.session.certificates.CertificatesApi.RevokeCertificateRequest;
import pl.ksefhub.session.certificates.CertificatesApi.StatusInfo;
import pl.ksefhub.session.limits.LimitsApi.EffectiveSubjectLimits;
import pl.ksefhub.session.limits.SubjectLimits;
import pl.ksefhub.session.status.StatusDetails;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * KSeF certificates of the authenticated subject (certyfikaty-KSeF.md): they belong to whoever logged in, in any
 * context ("nie są powiązane z kontekstem logowania"), so every query is by the access token's subject.
 *
 * <p>A request is decided within {@code POST /certificates/enrollments}: what is wrong with it is a 400 at once,
 * an accepted one is issued in the same transaction and its status is final (200, or 400 when another subject
 * already certified the key) by the time the 202 leaves. KSeF itself answers 100 first; clients poll either way.
 */
@ApplicationScoped
public class CertificateService {

    static final Set<String> ENROLLING_SUBJECT_TYPES = Set.of("Nip", "Pesel", "Fingerprint");

    private final AuthOperationRepository authOperations;
    private final CertificateEnrollmentRepository enrollments;
    private final KsefCertificateRepository certificates;
    private final SubjectLimits subjectLimits;
    private final CertificateAuthority authority;
    private final CertificatesConfig config;

    public CertificateService(AuthOperationRepository authOperations, CertificateEnrollmentRepository enrollments,
                              KsefCertificateRepository certificates, SubjectLimits subjectLimits,
                              CertificateAuthority authority, CertificatesConfig config) {
        this.authOperations = authOperations;
        this.enrollments = enrollments;
        this.certificates = certificates;
        this.subjectLimits = subjectLimits;
        this.authority = authority;
        this.config = config;
    }

    @WithSession
    public Uni<CertificateLimitsResponse> limits(KsefPrincipal caller) {
        OffsetDateTime now = now();
        return subjectLimits.effective(caller.subject()).chain(limits -> enrollments.countOfSubject(caller.subject())
                .chain(requested -> certificates.countActive(caller.subject(), now).map(active -> {
                    CertificateLimit enrollment = remaining(limits.enrollment().maxEnrollments(), requested);
                    CertificateLimit certificate = remaining(limits.certificate().maxCertificates(), active);
                    return new CertificateLimitsResponse(enrollment.remaining() > 0 && certificate.remaining() > 0,
                            enrollment, certificate);
                })));
    }

    @WithSession
    public Uni<CertificateEnrollmentDataResponse> enrollmentData(KsefPrincipal caller) {
        return signingCertificate(caller).map(login -> {
            if (login == null) {
                throw CertificateErrors.noEnrollmentDataForMethod();
            }
            return EnrollmentData.of(login.certificate(), caller.subject());
        });
    }

    /** A request that passed the checks needing no database, and the certificate it would get. */
    public record Prepared(EnrollCertificateRequest request, CertificateRequest csr, X509Certificate certificate,
                           OffsetDateTime requestedAt) {
    }

    /**
     * Field validation, then (on a worker thread: parsing, verifying and signing take milliseconds of CPU) the
     * CSR's checks and the certificate it would get; the database decides in {@link #enroll}.
     */
    public Uni<Prepared> prepare(KsefPrincipal caller, EnrollCertificateRequest request) {
        OffsetDateTime requestedValidFrom = CertificatesValidation.enrollment(request);
        if (KsefTokenAuthenticationService.TOKEN_METHOD.equals(caller.authMethod())) {
            throw CertificateErrors.noEnrollmentForMethod();
        }
        OffsetDateTime now = now();
        // A date in the past means "from now": a certificate is never valid before it was issued.
        OffsetDateTime validFrom = requestedValidFrom == null || requestedValidFrom.isBefore(now) ? now
                : requestedValidFrom.withOffsetSameInstant(ZoneOffset.UTC);
        return Offload.onWorker(() -> {
            CertificateRequest csr = CertificateRequest.parse(request.csr());
            X509Certificate certificate = authority.issue(csr, CertificateAuthority.newSerialNumber(),
                    request.certificateType(), validFrom.toInstant(), validFrom.plus(config.validity()).toInstant());
            return new Prepared(request, csr, certificate, now);
        });
    }

    @WithTransaction
    public Uni<EnrollCertificateResponse> enroll(KsefPrincipal caller, Prepared prepared) {
        return signingCertificate(caller).chain(login -> {
            if (login == null || !ENROLLING_SUBJECT_TYPES.contains(login.operation().subjectType)) {
                throw CertificateErrors.noEnrollmentForMethod();
            }
            CertificateEnrollmentDataResponse data = EnrollmentData.of(login.certificate(), caller.subject());
            String mismatch = EnrollmentData.mismatch(data, prepared.csr().subject());
            if (mismatch != null) {
                throw CertificateErrors.subjectMismatch(mismatch);
            }
            return certificates.lockSubject(caller.subject())
                    .chain(() -> withinLimits(caller.subject(), prepared.requestedAt()))
                    .chain(() -> certificates.keyCertifiedForOther(prepared.csr().publicKeyHash(), caller.subject()))
                    .chain(taken -> record(login.operation(), data, prepared, taken));
        });
    }

    private Uni<Void> withinLimits(String subject, OffsetDateTime now) {
        return subjectLimits.effective(subject).chain(limits -> enrollments.countOfSubject(subject)
                .chain(requested -> certificates.countActive(subject, now).map(active -> {
                    check(limits, requested, active);
                    return null;
                })));
    }

    private static void check(EffectiveSubjectLimits limits, long requested, long active) {
        if (requested >= limits.enrollment().maxEnrollments()) {
            throw CertificateErrors.enrollmentLimitReached();
        }
        if (active >= limits.certificate().maxCertificates()) {
            throw CertificateErrors.certificateLimitReached();
        }
    }

    private Uni<EnrollCertificateResponse> record(AuthOperation login, CertificateEnrollmentDataResponse data,
                                                  Prepared prepared, boolean keyTaken) {
        CertificateEnrollment enrollment = new CertificateEnrollment();
        enrollment.referenceNumber = ReferenceNumbers.next(ReferenceNumbers.CERTIFICATE_ENROLLMENT);
        enrollment.subjectType = login.subjectType;
        enrollment.subjectValue = login.subject;
        enrollment.certificateName = prepared.request().certificateName();
        enrollment.certificateType = prepared.request().certificateType();
        enrollment.requestedAt = prepared.requestedAt();
        EnrollCertificateResponse response = new EnrollCertificateResponse(enrollment.referenceNumber,
                prepared.requestedAt());
        if (keyTaken) {
            enrollment.statusCode = 400;
            enrollment.statusDescription = "Wniosek odrzucony";
            enrollment.statusDetails = "Klucz publiczny został już certyfikowany przez inny podmiot.";
            return enrollments.persist(enrollment).replaceWith(response);
        }
        X509Certificate issued = prepared.certificate();
        KsefCertificate certificate = new KsefCertificate();
        certificate.serialNumber = CertificateAuthority.hex(issued.getSerialNumber());
        certificate.subjectType = login.subjectType;
        certificate.subjectValue = login.subject;
        certificate.name = prepared.request().certificateName();
        certificate.type = prepared.request().certificateType();
        certificate.commonName = data.commonName();
        certificate.status = KsefCertificate.ACTIVE;
        certificate.validFrom = OffsetDateTime.ofInstant(issued.getNotBefore().toInstant(), ZoneOffset.UTC);
        certificate.validTo = OffsetDateTime.ofInstant(issued.getNotAfter().toInstant(), ZoneOffset.UTC);
        certificate.requestedAt = prepared.requestedAt();
        certificate.publicKeyHash = prepared.csr().publicKeyHash();
        certificate.certificate = encode(issued);
        enrollment.statusCode = 200;
        enrollment.statusDescription = "Wniosek obsłużony (certyfikat wygenerowany)";
        enrollment.certificateSerialNumber = certificate.serialNumber;
        return certificates.persist(certificate).chain(() -> enrollments.persist(enrollment)).replaceWith(response);
    }

    @WithSession
    public Uni<CertificateEnrollmentStatusResponse> status(KsefPrincipal caller, String referenceNumber) {
        CertificatesValidation.referenceNumber(referenceNumber);
        return enrollments.findById(referenceNumber).map(enrollment -> {
            if (enrollment == null || !enrollment.subjectValue.equals(caller.subject())) {
                throw CertificateErrors.enrollmentNotFound(referenceNumber);
            }
            if (enrollment.requestedAt.isBefore(now().minus(config.enrollmentRetention()))) {
                // "Status wniosku jest dostępny przez 30 dni": then the spec's 410 problem (GoneProblemDetails).
                throw new WebApplicationException("Operacja wygasła i nie jest już dostępna.", 410);
            }
            List<String> details = StatusDetails.fromColumn(enrollment.statusDetails);
            return new CertificateEnrollmentStatusResponse(enrollment.requestedAt,
                    new StatusInfo(enrollment.statusCode, enrollment.statusDescription,
                            details.isEmpty() ? null : details),
                    enrollment.certificateSerialNumber);
        });
    }

    /** The caller's certificates among the serial numbers, in the request's order; others are left out. */
    @WithSession
    public Uni<RetrieveCertificatesResponse> retrieve(KsefPrincipal caller, RetrieveCertificatesRequest request) {
        CertificatesValidation.retrieve(request);
        List<String> serials = request.certificateSerialNumbers().stream().distinct().toList();
        return certificates.list("serialNumber in ?1 and subjectValue = ?2", serials, caller.subject())
                .map(found -> {
                    Map<String, KsefCertificate> bySerial = new HashMap<>();
                    found.forEach(c -> bySerial.put(c.serialNumber, c));
                    return new RetrieveCertificatesResponse(serials.stream().filter(bySerial::containsKey)
                            .map(bySerial::get)
                            .map(c -> new RetrieveCertificatesListItem(c.certificate, c.name, c.serialNumber,
                                    c.type))
                            .toList());
                });
    }

    /** {@code pageOffset} is a page number, as the spec's "Numer strony wyników" says. */
    @WithSession
    public Uni<QueryCertificatesResponse> query(KsefPrincipal caller, QueryCertificatesRequest request,
                                                Integer pageSize, Integer pageOffset) {
        OffsetDateTime expiresAfter = CertificatesValidation.query(request, pageSize, pageOffset);
        int size = pageSize == null ? 10 : pageSize;
        int page = pageOffset == null ? 0 : pageOffset;
        OffsetDateTime now = now();
        QueryCertificatesRequest filter = request == null
                ? new QueryCertificatesRequest(null, null, null, null, null) : request;
        return certificates.ofSubject(caller.subject()).map(all -> {
            List<CertificateListItem> matching = all.stream()
                    .filter(c -> filter.certificateSerialNumber() == null
                            || filter.certificateSerialNumber().equals(c.serialNumber))
                    .filter(c -> filter.name() == null || c.name.toLowerCase().contains(filter.name().toLowerCase()))
                    .filter(c -> filter.type() == null || filter.type().equals(c.type))
                    .filter(c -> filter.status() == null || filter.status().equals(c.statusAt(now)))
                    .filter(c -> expiresAfter == null || c.validTo.isAfter(expiresAfter))
                    .map(c -> item(c, now))
                    .toList();
            long from = (long) page * size;
            List<CertificateListItem> pageItems = matching.stream().skip(from).limit(size).toList();
            return new QueryCertificatesResponse(pageItems, from + size < matching.size());
        });
    }

    /** Only the owner revokes, and not when logged in with a KSeF token (the operation's description). */
    @WithTransaction
    public Uni<Void> revoke(KsefPrincipal caller, String serialNumber, RevokeCertificateRequest request) {
        String reason = CertificatesValidation.revoke(serialNumber, request);
        if (KsefTokenAuthenticationService.TOKEN_METHOD.equals(caller.authMethod())) {
            throw new ForbiddenException("auth-method-not-allowed",
                    "Ta operacja nie jest dostępna dla użytej metody uwierzytelnienia.",
                    Map.of("authenticationMethodCategory", "Token"));
        }
        OffsetDateTime now = now();
        return certificates.findById(serialNumber).map(certificate -> {
            if (certificate == null || !certificate.subjectValue.equals(caller.subject())) {
                throw CertificateErrors.certificateNotFound(serialNumber);
            }
            String status = certificate.statusAt(now);
            if (!KsefCertificate.ACTIVE.equals(status)) {
                throw CertificateErrors.notRevocable(status);
            }
            certificate.status = KsefCertificate.REVOKED;
            certificate.revokedAt = now;
            certificate.revocationReason = reason;
            return null;
        });
    }

    private static CertificateListItem item(KsefCertificate c, OffsetDateTime now) {
        return new CertificateListItem(c.serialNumber, c.name, c.type, c.commonName, c.statusAt(now),
                new CertificateSubjectIdentifier(c.subjectType, c.subjectValue), c.validFrom, c.validTo,
                c.lastUseDate, c.requestedAt);
    }

    /** The login of the caller's access token and the certificate that signed it; null for other logins. */
    private record Login(AuthOperation operation, X509Certificate certificate) {
    }

    private Uni<Login> signingCertificate(KsefPrincipal caller) {
        return authOperations.findById(caller.authReferenceNumber()).map(operation -> {
            if (operation == null || operation.signingCertificate == null) {
                return null;
            }
            return new Login(operation, decode(operation.signingCertificate));
        });
    }

    private static CertificateLimit remaining(int limit, long used) {
        return new CertificateLimit((int) Math.max(0, limit - used), limit);
    }

    static String encode(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate decode(String base64) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
