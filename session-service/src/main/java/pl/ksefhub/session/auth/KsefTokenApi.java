package pl.ksefhub.session.auth;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;
import java.util.List;

/** Request and response bodies of {@code /tokens/**} (Tokeny KSeF), field for field as in the spec. */
public final class KsefTokenApi {

    /** The spec's {@code TokenPermissionType}: what a generated token can be given. */
    public static final List<String> TOKEN_PERMISSIONS = List.of("InvoiceRead", "InvoiceWrite", "CredentialsRead",
            "CredentialsManage", "SubunitManage", "EnforcementOperations", "Introspection");

    private KsefTokenApi() {
    }

    /** {@code GenerateTokenRequest}. */
    public record GenerateTokenRequest(List<String> permissions, String description) {
    }

    /** {@code GenerateTokenResponse}: the only time the token itself is shown. */
    public record GenerateTokenResponse(String referenceNumber, String token) {
    }

    /** {@code TokenAuthorIdentifierTypeIdentifier} and {@code TokenContextIdentifierTypeIdentifier}. */
    public record Identifier(String type, String value) {
    }

    /** {@code QueryTokensResponseItem}, also the body of {@code GET /tokens/{ref}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TokenItem(String referenceNumber, Identifier authorIdentifier, Identifier contextIdentifier,
                            String description, List<String> requestedPermissions, OffsetDateTime dateCreated,
                            OffsetDateTime lastUseDate, String status, List<String> statusDetails) {
    }

    /** {@code QueryTokensResponse}. */
    public record QueryTokensResponse(String continuationToken, List<TokenItem> tokens) {
    }

    /** The filters of {@code GET /tokens}, validated. */
    record TokenFilter(List<KsefToken.Status> statuses, String description, String authorIdentifier,
                       String authorIdentifierType) {
    }
}
