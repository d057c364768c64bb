package pl.ksefhub.session.testdata;

import com.fasterxml.jackson.annotation.JsonAlias;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Request bodies of {@code /testdata/**}, field for field as in the spec. Enumerations are kept as text and checked
 * by {@link TestDataValidation}: KSeF reads them case-insensitively (its own scenarios send {@code "nip"}).
 */
public final class TestDataApi {

    private TestDataApi() {
    }

    /** {@code SubjectCreateRequest}. */
    public record SubjectCreateRequest(String subjectNip, String subjectType, List<Subunit> subunits,
                                       String description, OffsetDateTime createdDate) {
    }

    public record Subunit(String subjectNip, String description) {
    }

    /** {@code SubjectRemoveRequest}. */
    public record SubjectRemoveRequest(String subjectNip) {
    }

    /** {@code PersonCreateRequest}. */
    public record PersonCreateRequest(String nip, String pesel, Boolean isBailiff, String description,
                                      Boolean isDeceased, OffsetDateTime createdDate) {
    }

    /** {@code PersonRemoveRequest}. */
    public record PersonRemoveRequest(String nip) {
    }

    /** {@code TestDataContextIdentifier} (type {@code Nip}), and {@code TestDataAuthorizedIdentifier}. */
    public record Identifier(String type, String value) {
    }

    /**
     * {@code TestDataPermission}. The spec names the field {@code permissionType}; the official Java SDK sends it as
     * {@code permission}, which the KSeF test environment takes too.
     */
    public record Permission(String description, @JsonAlias("permission") String permissionType) {
    }

    /** {@code TestDataPermissionsGrantRequest}. */
    public record PermissionsGrantRequest(Identifier contextIdentifier, Identifier authorizedIdentifier,
                                          List<Permission> permissions) {
    }

    /** {@code TestDataPermissionsRevokeRequest}. */
    public record PermissionsRevokeRequest(Identifier contextIdentifier, Identifier authorizedIdentifier) {
    }

    /** {@code AttachmentPermissionGrantRequest}. */
    public record AttachmentGrantRequest(String nip) {
    }

    /** {@code AttachmentPermissionRevokeRequest}. */
    public record AttachmentRevokeRequest(String nip, LocalDate expectedEndDate) {
    }

    /** {@code BlockContextAuthenticationRequest} and {@code UnblockContextAuthenticationRequest}. */
    public record ContextAuthenticationRequest(Identifier contextIdentifier) {
    }
}
