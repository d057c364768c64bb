package pl.ksefhub.session.permissions;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.List;

/** Bodies of {@code /permissions/**}, named after the spec's schemas. */
public final class PermissionsApi {

    private PermissionsApi() {
    }

    /** Every {@code *Identifier} of the spec: a type and (but for {@code AllPartners}) a value. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Identifier(String type, String value) {
        static Identifier of(Grant.Identifier identifier) {
            return identifier == null ? null : new Identifier(identifier.type(), identifier.value());
        }

        Grant.Identifier model() {
            return new Grant.Identifier(type, value);
        }
    }

    /** {@code PersonPermissionsGrantRequest}; {@code subjectDetails} kept as JSON, echoed by the queries. */
    public record PersonPermissionsGrantRequest(Identifier subjectIdentifier, List<String> permissions,
                                                String description, JsonNode subjectDetails) {
    }

    /** {@code EntityPermission}. */
    public record EntityPermission(String type, Boolean canDelegate) {
    }

    /** {@code EntityPermissionsGrantRequest}. */
    public record EntityPermissionsGrantRequest(Identifier subjectIdentifier, List<EntityPermission> permissions,
                                                String description, JsonNode subjectDetails) {
    }

    /** {@code EntityAuthorizationPermissionsGrantRequest}. */
    public record EntityAuthorizationPermissionsGrantRequest(Identifier subjectIdentifier, String permission,
                                                             String description, JsonNode subjectDetails) {
    }

    /** {@code IndirectPermissionsGrantRequest}. */
    public record IndirectPermissionsGrantRequest(Identifier subjectIdentifier, Identifier targetIdentifier,
                                                  List<String> permissions, String description,
                                                  JsonNode subjectDetails) {
    }

    /** {@code SubunitPermissionsGrantRequest}. */
    public record SubunitPermissionsGrantRequest(Identifier subjectIdentifier, Identifier contextIdentifier,
                                                 String description, String subunitName, JsonNode subjectDetails) {
    }

    /** {@code EuEntityAdministrationPermissionsGrantRequest}. */
    public record EuEntityAdministrationPermissionsGrantRequest(Identifier subjectIdentifier,
                                                                Identifier contextIdentifier, String description,
                                                                String euEntityName, JsonNode subjectDetails,
                                                                JsonNode euEntityDetails) {
    }

    /** {@code EuEntityPermissionsGrantRequest}. */
    public record EuEntityPermissionsGrantRequest(Identifier subjectIdentifier, List<String> permissions,
                                                  String description, JsonNode subjectDetails) {
    }

    /** {@code PermissionsOperationResponse}. */
    public record PermissionsOperationResponse(String referenceNumber) {
    }

    /** {@code StatusInfo}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StatusInfo(int code, String description, List<String> details) {
    }

    /** {@code PermissionsOperationStatusResponse}. */
    public record PermissionsOperationStatusResponse(StatusInfo status) {
    }

    /** {@code CheckAttachmentPermissionStatusResponse}. */
    public record CheckAttachmentPermissionStatusResponse(boolean isAttachmentAllowed, OffsetDateTime revokedDate) {
    }

    // Queries

    /** {@code PersonalPermissionsQueryRequest}. */
    public record PersonalPermissionsQueryRequest(Identifier contextIdentifier, Identifier targetIdentifier,
                                                  List<String> permissionTypes, String permissionState) {
    }

    /** {@code PersonPermissionsQueryRequest}. */
    public record PersonPermissionsQueryRequest(Identifier authorIdentifier, Identifier authorizedIdentifier,
                                                Identifier contextIdentifier, Identifier targetIdentifier,
                                                List<String> permissionTypes, String permissionState,
                                                String queryType) {
    }

    /** {@code SubunitPermissionsQueryRequest}. */
    public record SubunitPermissionsQueryRequest(Identifier subunitIdentifier) {
    }

    /** {@code EntityPermissionsQueryRequest}. */
    public record EntityPermissionsQueryRequest(Identifier contextIdentifier) {
    }

    /** {@code SubordinateEntityRolesQueryRequest}. */
    public record SubordinateEntityRolesQueryRequest(Identifier subordinateEntityIdentifier) {
    }

    /** {@code EntityAuthorizationPermissionsQueryRequest}. */
    public record EntityAuthorizationPermissionsQueryRequest(Identifier authorizingIdentifier,
                                                             Identifier authorizedIdentifier, String queryType,
                                                             List<String> permissionTypes) {
    }

    /** {@code EuEntityPermissionsQueryRequest}. */
    public record EuEntityPermissionsQueryRequest(String vatUeIdentifier, String authorizedFingerprintIdentifier,
                                                  List<String> permissionTypes) {
    }

    /** {@code PersonalPermission}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PersonalPermission(String id, Identifier contextIdentifier, Identifier authorizedIdentifier,
                                     Identifier targetIdentifier, String permissionScope, String description,
                                     JsonNode subjectPersonDetails, JsonNode subjectEntityDetails,
                                     String permissionState, OffsetDateTime startDate, boolean canDelegate) {
    }

    public record QueryPersonalPermissionsResponse(List<PersonalPermission> permissions, boolean hasMore) {
    }

    /** {@code PersonPermission}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PersonPermission(String id, Identifier authorizedIdentifier, Identifier contextIdentifier,
                                   Identifier targetIdentifier, Identifier authorIdentifier, String permissionScope,
                                   String description, JsonNode subjectPersonDetails,
                                   JsonNode subjectEntityDetails, String permissionState, OffsetDateTime startDate,
                                   boolean canDelegate) {
    }

    public record QueryPersonPermissionsResponse(List<PersonPermission> permissions, boolean hasMore) {
    }

    /** {@code SubunitPermission}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubunitPermission(String id, Identifier authorizedIdentifier, Identifier subunitIdentifier,
                                    Identifier authorIdentifier, String permissionScope, String description,
                                    JsonNode subjectPersonDetails, String subunitName, OffsetDateTime startDate) {
    }

    public record QuerySubunitPermissionsResponse(List<SubunitPermission> permissions, boolean hasMore) {
    }

    /** {@code EntityPermissionItem}. */
    public record EntityPermissionItem(String id, Identifier contextIdentifier, String permissionScope,
                                       String description, OffsetDateTime startDate, boolean canDelegate) {
    }

    public record QueryEntityPermissionsResponse(List<EntityPermissionItem> permissions, boolean hasMore) {
    }

    /** {@code EntityRole}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EntityRole(Identifier parentEntityIdentifier, String role, String description,
                             OffsetDateTime startDate) {
    }

    public record QueryEntityRolesResponse(List<EntityRole> roles, boolean hasMore) {
    }

    /** {@code SubordinateEntityRole}. */
    public record SubordinateEntityRole(Identifier subordinateEntityIdentifier, String role, String description,
                                        OffsetDateTime startDate) {
    }

    public record QuerySubordinateEntityRolesResponse(List<SubordinateEntityRole> roles, boolean hasMore) {
    }

    /** {@code EntityAuthorizationGrant}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EntityAuthorizationGrant(String id, Identifier authorIdentifier,
                                           Identifier authorizedEntityIdentifier,
                                           Identifier authorizingEntityIdentifier, String authorizationScope,
                                           String description, JsonNode subjectEntityDetails,
                                           OffsetDateTime startDate) {
    }

    public record QueryEntityAuthorizationPermissionsResponse(List<EntityAuthorizationGrant> authorizationGrants,
                                                              boolean hasMore) {
    }

    /** {@code EuEntityPermission}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EuEntityPermission(String id, Identifier authorIdentifier, String vatUeIdentifier,
                                     String euEntityName, String authorizedFingerprintIdentifier,
                                     String permissionScope, String description, JsonNode subjectPersonDetails,
                                     JsonNode subjectEntityDetails, JsonNode euEntityDetails,
                                     OffsetDateTime startDate) {
    }

    public record QueryEuEntityPermissionsResponse(List<EuEntityPermission> permissions, boolean hasMore) {
    }
}
