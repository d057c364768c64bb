package pl.ksefhub.session.auth.xades;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.offload.Offload;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.session.auth.AccessTokenIssuer;
import pl.ksefhub.session.auth.AuthApi.AuthenticationInitResponse;
import pl.ksefhub.session.auth.AuthChallengeRepository;
import pl.ksefhub.session.auth.AuthErrors;
import pl.ksefhub.session.auth.AuthOperation;
import pl.ksefhub.session.auth.AuthOperationRepository;
import pl.ksefhub.session.auth.AuthStatus;
import pl.ksefhub.session.auth.Permissions;
import pl.ksefhub.session.certificates.IssuedCertificates;
import pl.ksefhub.session.peppol.PeppolProviders;
import pl.ksefhub.session.permissions.EffectivePermissions;
import pl.ksefhub.session.permissions.Grant.Identifier;
import pl.ksefhub.session.testdata.SubjectStanding;
import pl.ksefhub.session.testdata.TestMode;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code POST /auth/xades-signature} (uwierzytelnianie.md, 2.1). What is wrong with the document or its signature
 * is a 400 at once (nothing is consumed); a good signature uses up the challenge and starts an operation whose
 * status says whether the certificate is trusted (460) and whether its subject may act in the context (415).
 *
 * <p>As with KSeF tokens, every check is done within the request, so the status is final when the 202 leaves.
 *
 * <p>Test mode ({@code ksef.session.test-mode}, as the KSeF test environment): self-signed certificates are
 * accepted unless the request asks for {@code verifyCertificateChain=true}, and a subject whose NIP is the
 * context's NIP becomes the context's owner on first use (not of a VAT group's NIP, which has no owner).
 *
 * <p>Test data ({@link SubjectStanding}) decides the rest: a blocked context ends with 480, a deceased person with
 * 470; a person of {@code /testdata/person} owns its NIP's context by NIP and by PESEL; permissions granted through
 * {@code /testdata/permissions} and {@code /permissions/**} are read by {@link EffectivePermissions}.
 *
 * <p>A KSeF certificate of this installation (certyfikaty-KSeF.md) is trusted through its CA in every mode, logs in
 * as the subject that enrolled it ({@code InternalCertificate}), and not at all once revoked, expired or when it is
 * an Offline one (460).
 */
@ApplicationScoped
public class XadesAuthenticationService {

    public static final String QUALIFIED_SEAL = "QualifiedSeal";
    public static final String QUALIFIED_SIGNATURE = "QualifiedSignature";
    /** A KSeF certificate of this installation ("Certyfikat KSeF"). */
    public static final String INTERNAL_CERTIFICATE = "InternalCertificate";
    static final String CERTIFICATE_SUBJECT = "certificateSubject";

    private final AuthChallengeRepository challenges;
    private final AuthOperationRepository operations;
    private final AccessTokenIssuer issuer;
    private final CertificateTrust trust;
    private final EffectivePermissions grants;
    private final SubjectStanding standings;
    private final PeppolProviders peppolProviders;
    private final IssuedCertificates issuedCertificates;
    private final boolean testMode;

    public XadesAuthenticationService(AuthChallengeRepository challenges, AuthOperationRepository operations,
                                      AccessTokenIssuer issuer, CertificateTrust trust, EffectivePermissions grants,
                                      SubjectStanding standings, PeppolProviders peppolProviders,
                                      IssuedCertificates issuedCertificates, TestMode testMode) {
        this.peppolProviders = peppolProviders;
        this.issuedCertificates = issuedCertificates;
        this.challenges = challenges;
        this.operations = operations;
        this.issuer = issuer;
        this.trust = trust;
        this.grants = grants;
        this.standings = standings;
        this.testMode = testMode.isOn();
    }

    /**
     * A document whose signature verified, and who signed it.
     *
     * @param ksefCertificate true when this installation's CA issued the certificate: its subject is then the one
     *                        who enrolled it, read from the database in {@link #authenticate}
     */
    public record Signed(AuthTokenRequestDocument.Fields fields, X509Certificate certificate,
                          CertificateSubject subject, String documentHash, boolean ksefCertificate) {

        Signed withSubject(CertificateSubject other) {
            return new Signed(fields, certificate, other, documentHash, ksefCertificate);
        }
    }

    /**
     * Parsing, schema validation and signature verification take milliseconds of CPU (about 3 ms measured for RSA
     * 2048 and P-256): they run on a worker thread, not on the event loop, and the outcome comes back to the
     * request's context for the database work.
     */
    public Uni<Signed> verifyOffEventLoop(byte[] body) {
        return Offload.onWorker(() -> verify(body, issuedCertificates::issuedHere));
    }

    @WithTransaction
    public Uni<AuthenticationInitResponse> authenticate(Signed signed, boolean verifyCertificateChain,
                                                        String clientIp) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return challenges.consume(signed.fields().challenge(), now).chain(challenge -> {
            if (challenge == null) {
                throw AuthErrors.invalidChallenge();
            }
            return resolve(signed, now).chain(resolved -> resolved.refusal() != null
                    ? start(resolved.signed(), new Outcome(resolved.refusal(), null), clientIp, now)
                    : outcome(resolved.signed(), verifyCertificateChain, now)
                    .chain(outcome -> start(resolved.signed(), outcome, clientIp, now)));
        });
    }

    /** The signed document as the rest of the login sees it, or the 460 that ends it at once. */
    private record Resolved(Signed signed, AuthStatus refusal) {
    }

    /**
     * A KSeF certificate logs in as the one who enrolled it (certyfikaty-KSeF.md: the certificate carries their
     * identity), and only while it is an active Authentication certificate of ours.
     */
    private Uni<Resolved> resolve(Signed signed, OffsetDateTime now) {
        if (!signed.ksefCertificate()) {
            return Uni.createFrom().item(new Resolved(signed, null));
        }
        return issuedCertificates.holder(signed.certificate(), now).map(holder -> {
            if (holder.refusal() != null) {
                return new Resolved(signed, AuthStatus.certificateError(holder.refusal()));
            }
            return CERTIFICATE_SUBJECT.equals(signed.fields().subjectIdentifierType())
                    ? new Resolved(signed.withSubject(new CertificateSubject(holder.subjectType(),
                    holder.subjectValue(), signed.subject().seal())), null)
                    : new Resolved(signed, null);
        });
    }

    /** Everything that needs no database: the 400s of the spec's table. */
    static Signed verify(byte[] body) {
        return verify(body, certificate -> false);
    }

    /**
     * As {@link #verify(byte[])}; a KSeF certificate that {@code issuedHere} recognises needs no identifier in its
     * subject (one enrolled after a fingerprint login has none): its owner comes from the database.
     */
    static Signed verify(byte[] body, Predicate<X509Certificate> issuedHere) {
        SignedRequest signed = SignedRequest.of(AuthTokenRequestDocument.parse(body));
        AuthTokenRequestDocument.Fields fields = AuthTokenRequestDocument.validate(signed.request());
        X509Certificate certificate = XadesSignatureVerifier.verify(signed);
        ContextIdentifiers.requireValid(fields.contextType(), fields.contextValue());
        boolean ksefCertificate = issuedHere.test(certificate);
        CertificateSubject subject = CERTIFICATE_SUBJECT.equals(fields.subjectIdentifierType())
                ? CertificateSubject.fromSubject(certificate)
                .or(() -> ksefCertificate ? Optional.of(CertificateSubject.fromFingerprint(certificate))
                        : Optional.empty())
                .orElseThrow(() ->
                        XadesErrors.signatureConflictsWithSubjectType("Certyfikat nie zawiera identyfikatora podmiotu"
                                + " (organizationIdentifier VATPL-, serialNumber PNOPL-/TINPL-)."))
                : CertificateSubject.fromFingerprint(certificate);
        return new Signed(fields, certificate, subject, sha256Base64(body), ksefCertificate);
    }

    /** The outcome of the authentication, and the permissions it grants. */
    private record Outcome(AuthStatus status, String permissions) {
    }

    private Uni<Outcome> outcome(Signed signed, boolean verifyCertificateChain, OffsetDateTime now) {
        Date at = Date.from(now.toInstant());
        try {
            signed.certificate().checkValidity(at);
        } catch (CertificateException e) {
            return Uni.createFrom().item(new Outcome(AuthStatus.certificateError("Nieważny certyfikat"), null));
        }
        // A KSeF certificate chains to this installation's CA, which IssuedCertificates checked.
        if (!signed.ksefCertificate() && (!testMode || verifyCertificateChain)
                && !trust.isTrusted(signed.certificate(), at)) {
            return Uni.createFrom().item(
                    new Outcome(AuthStatus.certificateError("Niezaufany łańcuch certyfikatów"), null));
        }
        String contextType = signed.fields().contextType();
        String contextValue = signed.fields().contextValue();
        return standings.of(contextType, contextValue, signed.subject()).chain(standing -> {
            if (standing.contextBlocked()) {
                return Uni.createFrom().item(new Outcome(AuthStatus.blocked(), null));
            }
            if (standing.deceased()) {
                return Uni.createFrom().item(new Outcome(AuthStatus.deceased(), null));
            }
            return permissions(signed, standing, now).map(permissions -> permissions.isEmpty()
                    ? new Outcome(AuthStatus.noPermissions(), null)
                    : new Outcome(AuthStatus.succeeded(), Permissions.join(permissions)));
        });
    }

    /**
     * What the subject owns in the context and what was granted to it there. A test mode owner is computed at every
     * login, never recorded: it is no grant anyone could list or revoke.
     */
    private Uni<List<String>> permissions(Signed signed, SubjectStanding.Standing standing, OffsetDateTime now) {
        return permissions(signed.fields().contextType(), signed.fields().contextValue(), signed.subject(),
                signed.certificate(), standing.ownerPermissions());
    }

    /** The permissions of a login, read again (at refresh: a revoked grant stops there). */
    public Uni<List<String>> permissionsOf(AuthOperation operation) {
        CertificateSubject subject = new CertificateSubject(operation.subjectType, operation.subject, false);
        X509Certificate certificate = operation.signingCertificate == null ? null
                : IssuedCertificates.decode(operation.signingCertificate);
        return permissionsIn(operation.contextType, operation.contextValue, subject, certificate);
    }

    /**
     * What a certificate's subject would receive at a login in the context: the permissions a KOD II link's issuer
     * must hold (kody-qr.md, "Uprawnienia wystawcy"), read as a login reads them.
     */
    public Uni<List<String>> permissionsIn(String contextType, String contextValue, CertificateSubject subject,
                                           X509Certificate certificate) {
        return standings.of(contextType, contextValue, subject).chain(standing ->
                permissions(contextType, contextValue, subject, certificate, standing.ownerPermissions()));
    }

    private Uni<List<String>> permissions(String contextType, String contextValue, CertificateSubject subject,
                                          X509Certificate certificate, List<String> ownerPermissions) {
        List<Identifier> subjects = new ArrayList<>();
        subjects.add(new Identifier(subject.type(), subject.value()));
        if (certificate != null && !CertificateSubject.FINGERPRINT.equals(subject.type())) {
            subjects.add(new Identifier(CertificateSubject.FINGERPRINT, CertificateSubject.fingerprint(certificate)));
        }
        return grants.granted(new Identifier(contextType, contextValue), subjects).map(granted -> {
            Set<String> permissions = new LinkedHashSet<>(ownerPermissions);
            // A person of /testdata/person owns its context with their own set; other test mode owners hold all.
            if (ownerPermissions.isEmpty() && isOwnerInTestMode(contextType, contextValue, subject)) {
                permissions.addAll(Permissions.ALL);
            }
            permissions.addAll(granted);
            return List.copyOf(permissions);
        });
    }

    /** A NIP's certificate owns that NIP's contexts; a Peppol provider's seal its Peppol id's context. */
    private boolean isOwnerInTestMode(String contextType, String contextValue, CertificateSubject subject) {
        if (!testMode) {
            return false;
        }
        if (CertificateSubject.PEPPOL_ID.equals(contextType)) {
            return CertificateSubject.PEPPOL_ID.equals(subject.type()) && subject.value().equals(contextValue);
        }
        String contextNip = ContextIdentifiers.nipOf(contextType, contextValue);
        return CertificateSubject.NIP.equals(subject.type()) && subject.value().equals(contextNip);
    }

    private Uni<AuthenticationInitResponse> start(Signed signed, Outcome outcome, String clientIp,
                                                  OffsetDateTime now) {
        AuthOperation operation = new AuthOperation();
        operation.referenceNumber = ReferenceNumbers.next(ReferenceNumbers.AUTHENTICATION);
        operation.challenge = signed.fields().challenge();
        operation.startedAt = now;
        operation.authenticationMethod = signed.ksefCertificate() ? INTERNAL_CERTIFICATE
                : signed.subject().seal() ? QUALIFIED_SEAL : QUALIFIED_SIGNATURE;
        operation.contextType = signed.fields().contextType();
        operation.contextValue = signed.fields().contextValue();
        operation.subject = signed.subject().value();
        operation.subjectType = signed.subject().type();
        operation.signingCertificate = IssuedCertificates.encode(signed.certificate());
        operation.authDocumentHash = signed.documentHash();
        operation.clientIp = clientIp;
        if (outcome.status().code() == AuthStatus.SUCCEEDED) {
            operation.permissions = outcome.permissions();
        }
        operation.setStatus(outcome.status(), now);
        AccessTokenIssuer.Issued authenticationToken = issuer.authenticationToken(operation, now);
        // A Peppol provider is registered on its first authentication (the official SDK's tests rely on it).
        Uni<Void> registered = outcome.status().code() == AuthStatus.SUCCEEDED
                && CertificateSubject.PEPPOL_ID.equals(operation.contextType)
                ? peppolProviders.registerIfAbsent(operation.contextValue,
                CertificateSubject.organizationName(signed.certificate()), now)
                : Uni.createFrom().voidItem();
        Uni<Void> used = outcome.status().code() == AuthStatus.SUCCEEDED && signed.ksefCertificate()
                ? issuedCertificates.markUsed(signed.certificate(), now) : Uni.createFrom().voidItem();
        return registered.chain(() -> used).chain(() -> operations.persist(operation))
                .replaceWith(new AuthenticationInitResponse(operation.referenceNumber, authenticationToken.info()));
    }

    /** SkrotDokumentuUwierzytelniajacego of the UPO: base64 SHA-256 of the document exactly as received. */
    static String sha256Base64(byte[] body) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
