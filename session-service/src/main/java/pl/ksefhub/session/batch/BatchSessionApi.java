package pl.ksefhub.session.batch;

import pl.ksefhub.session.online.OnlineSessionApi.EncryptionInfo;
import pl.ksefhub.session.online.OnlineSessionApi.FormCode;

import java.util.List;
import java.util.Map;

/** Request and response bodies of the batch-session endpoints, field for field as in the spec. */
public final class BatchSessionApi {

    private BatchSessionApi() {
    }

    /** {@code BatchFilePartInfo}: one encrypted part as the client declares it. */
    public record BatchFilePartInfo(Integer ordinalNumber, Long fileSize, String fileHash) {
    }

    /** {@code BatchFileInfo}: the unencrypted archive (size, SHA-256) and its encrypted parts. */
    public record BatchFileInfo(Long fileSize, String fileHash, String compressionType,
                                List<BatchFilePartInfo> fileParts) {
    }

    public record OpenBatchSessionRequest(FormCode formCode, BatchFileInfo batchFile, EncryptionInfo encryption,
                                          Boolean offlineMode) {
    }

    /** {@code PartUploadRequest}: where and how the client sends one part (no bearer token). */
    public record PartUploadRequest(int ordinalNumber, String method, String url, Map<String, String> headers) {
    }

    public record OpenBatchSessionResponse(String referenceNumber, List<PartUploadRequest> partUploadRequests) {
    }
}
