package pl.ksefhub.session.online;

import java.time.OffsetDateTime;

/** Request and response bodies of the online-session endpoints, field for field as in the spec. */
public final class OnlineSessionApi {

    private OnlineSessionApi() {
    }

    public record FormCode(String systemCode, String schemaVersion, String value) {
    }

    public record EncryptionInfo(String encryptedSymmetricKey, String initializationVector, String publicKeyId) {
    }

    public record OpenOnlineSessionRequest(FormCode formCode, EncryptionInfo encryption) {
    }

    public record OpenOnlineSessionResponse(String referenceNumber, OffsetDateTime validUntil) {
    }
}
