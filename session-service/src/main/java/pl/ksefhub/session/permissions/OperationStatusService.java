package pl.ksefhub.session.permissions;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.error.ForbiddenException;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.session.auth.xades.ContextIdentifiers;
import pl.ksefhub.session.permissions.PermissionsApi.CheckAttachmentPermissionStatusResponse;
import pl.ksefhub.session.permissions.PermissionsApi.PermissionsOperationStatusResponse;
import pl.ksefhub.session.permissions.PermissionsApi.StatusInfo;
import pl.ksefhub.session.testdata.AttachmentConsents;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/** {@code GET /permissions/operations/{ref}} and {@code GET /permissions/attachments/status}. */
@ApplicationScoped
public class OperationStatusService {

    /** "Status operacji jest dostępny przez 30 dni." */
    static final Duration KEPT = Duration.ofDays(30);
    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");

    private final PermissionOperations operations;
    private final AttachmentConsents consents;

    public OperationStatusService(PermissionOperations operations, AttachmentConsents consents) {
        this.operations = operations;
        this.consents = consents;
    }

    /** The operation is older than 30 days: 410 with the spec's {@code GoneProblemDetails}. */
    public static class OperationGone extends RuntimeException {
        public OperationGone(String referenceNumber) {
            super(referenceNumber);
        }
    }

    @WithSession
    public Uni<PermissionsOperationStatusResponse> status(KsefPrincipal principal, String referenceNumber) {
        if (!ReferenceNumbers.isValid(referenceNumber)) {
            throw KsefException.validation("'referenceNumber' is not a valid reference number: '%s'."
                    .formatted(referenceNumber));
        }
        return operations.find(referenceNumber).map(operation -> {
            if (operation == null) {
                throw KsefException.validation("Operacja o numerze referencyjnym %s nie istnieje."
                        .formatted(referenceNumber));
            }
            if (!principal.inContext(operation.context().type(), operation.context().value())) {
                // Another context's operation is not shown, as authentication operations are not.
                throw new ForbiddenException("insufficient-resource-access", ForbiddenException.RESOURCE_ACCESS_DETAIL,
                        Map.of());
            }
            if (operation.createdAt().plus(KEPT).isBefore(OffsetDateTime.now(ZoneOffset.UTC))) {
                throw new OperationGone(referenceNumber);
            }
            OperationStatus status = operation.status();
            return new PermissionsOperationStatusResponse(new StatusInfo(status.code(), status.description(),
                    status.details().isEmpty() ? null : status.details()));
        });
    }

    /**
     * Whether the context's NIP has the consent to send invoices with attachments; {@code revokedDate} is when an
     * announced end of the consent takes effect.
     */
    @WithSession
    public Uni<CheckAttachmentPermissionStatusResponse> attachments(KsefPrincipal principal) {
        String nip = ContextIdentifiers.nipOf(principal.contextType(), principal.contextValue());
        if (nip == null) {
            return Uni.createFrom().item(new CheckAttachmentPermissionStatusResponse(false, null));
        }
        LocalDate today = LocalDate.now(WARSAW);
        return consents.find(nip).map(consent -> {
            if (consent == null) {
                return new CheckAttachmentPermissionStatusResponse(false, null);
            }
            boolean allowed = consent.endsOn() == null || consent.endsOn().isAfter(today);
            OffsetDateTime revoked = consent.endsOn() == null ? null
                    : consent.endsOn().atStartOfDay(WARSAW).toOffsetDateTime();
            return new CheckAttachmentPermissionStatusResponse(allowed, revoked);
        });
    }
}
