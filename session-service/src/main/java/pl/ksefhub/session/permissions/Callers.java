package pl.ksefhub.session.permissions;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.session.auth.AuthOperationRepository;
import pl.ksefhub.session.auth.KsefTokenRepository;
import pl.ksefhub.session.auth.xades.CertificateSubject;
import pl.ksefhub.session.certificates.IssuedCertificates;
import pl.ksefhub.session.permissions.Grant.Identifier;

import java.util.ArrayList;
import java.util.List;

/**
 * Who calls, as grants name people: the access token names the subject's value only, its login (the
 * authentication operation) says of which type, and with which certificate.
 */
@ApplicationScoped
public class Callers {

    private final AuthOperationRepository operations;
    private final KsefTokenRepository tokens;

    public Callers(AuthOperationRepository operations, KsefTokenRepository tokens) {
        this.operations = operations;
        this.tokens = tokens;
    }

    /** @param identifiers the subject first, then its certificate's fingerprint (if it signed with one) */
    public record Caller(Identifier context, List<Identifier> identifiers) {

        /** The author of what the caller grants. */
        public Identifier author() {
            return identifiers.get(0);
        }

        public boolean is(Identifier identifier) {
            return identifiers.stream().anyMatch(own -> own.is(identifier));
        }
    }

    public Uni<Caller> of(KsefPrincipal principal) {
        Identifier context = new Identifier(principal.contextType(), principal.contextValue());
        return operations.findById(principal.authReferenceNumber()).chain(operation -> {
            if (operation == null || operation.subjectType == null && operation.ksefTokenReference == null) {
                return Uni.createFrom().item(new Caller(context,
                        List.of(new Identifier(typeOf(principal.subject()), principal.subject()))));
            }
            if (operation.subjectType != null) {
                List<Identifier> identifiers = new ArrayList<>();
                identifiers.add(new Identifier(operation.subjectType, operation.subject));
                if (operation.signingCertificate != null
                        && !CertificateSubject.FINGERPRINT.equals(operation.subjectType)) {
                    identifiers.add(new Identifier(CertificateSubject.FINGERPRINT, CertificateSubject.fingerprint(
                            IssuedCertificates.decode(operation.signingCertificate))));
                }
                return Uni.createFrom().item(new Caller(context, List.copyOf(identifiers)));
            }
            return tokens.findById(operation.ksefTokenReference).map(token -> new Caller(context, List.of(
                    token == null ? new Identifier(typeOf(principal.subject()), principal.subject())
                            : new Identifier(token.authorType, token.authorValue))));
        });
    }

    private static String typeOf(String value) {
        if (value == null) {
            return Grant.SYSTEM;
        }
        return value.length() == 11 ? CertificateSubject.PESEL
                : value.length() == 64 ? CertificateSubject.FINGERPRINT : CertificateSubject.NIP;
    }
}
