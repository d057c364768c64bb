package pl.ksefhub.session.auth;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import pl.ksefhub.session.status.StatusDetails;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One authentication (AU reference number, "operacja uwierzytelniania"): its outcome, and the refresh token issued
 * for it. It is also the authentication session of {@code /auth/sessions}.
 */
@Entity
@Table(name = "auth_operation")
public class AuthOperation extends PanacheEntityBase {

    @Id
    @Column(name = "reference_number")
    public String referenceNumber;
    public String challenge;
    @Column(name = "started_at")
    public OffsetDateTime startedAt;
    /** The spec's {@code AuthenticationMethod}: {@code Token} for KSeF tokens. */
    @Column(name = "authentication_method")
    public String authenticationMethod;
    @Column(name = "context_type")
    public String contextType;
    @Column(name = "context_value")
    public String contextValue;
    /** Who authenticated: the author of the KSeF token, or the subject of the XAdES certificate. */
    public String subject;
    /** The kind of {@link #subject} for XAdES logins: {@code Nip}, {@code Pesel}, {@code Fingerprint}, … */
    @Column(name = "subject_type")
    public String subjectType;
    /**
     * Base64 DER of the certificate that signed a XAdES login: a KSeF certificate request is made from its data
     * (certyfikaty-KSeF.md). Null for KSeF-token logins.
     */
    @Column(name = "signing_certificate")
    public String signingCertificate;
    @Column(name = "ksef_token_reference")
    public String ksefTokenReference;
    @Column(name = "auth_document_hash")
    public String authDocumentHash;
    @Column(name = "client_ip")
    public String clientIp;
    @Column(name = "status_code")
    public int statusCode;
    @Column(name = "status_description")
    public String statusDescription;
    /** Lines separated by a newline; null when none. */
    @Column(name = "status_details")
    public String statusDetails;
    /** Comma-separated permissions in the context; set when the authentication succeeds. */
    public String permissions;
    @Column(name = "redeemed_at")
    public OffsetDateTime redeemedAt;
    @Column(name = "refresh_token_id")
    public String refreshTokenId;
    @Column(name = "refresh_token_valid_until")
    public OffsetDateTime refreshTokenValidUntil;
    @Column(name = "last_token_refresh_date")
    public OffsetDateTime lastTokenRefreshDate;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    public void setStatus(AuthStatus status, OffsetDateTime now) {
        statusCode = status.code();
        statusDescription = status.description();
        statusDetails = StatusDetails.toColumn(status.details());
        updatedAt = now;
    }

    public AuthStatus status() {
        return new AuthStatus(statusCode, statusDescription,
                StatusDetails.fromColumn(statusDetails));
    }

    public List<String> permissionList() {
        return Permissions.parse(permissions);
    }
}
