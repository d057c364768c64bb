package pl.ksefhub.session.batch;

import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.session.batch.BatchSessionApi.BatchFilePartInfo;
import pl.ksefhub.session.batch.BatchSessionApi.OpenBatchSessionRequest;
import pl.ksefhub.session.encryption.SessionKeyCheck;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The refusals of a batch open and close with the spec's codes and texts (NOTES.md §2.4; the official Java tests
 * assert 21161's and 21405's texts verbatim).
 */
final class BatchSessionValidation {

    /** 5 GB, decimal as KSeF counts it: the whole unencrypted archive. */
    static final long MAX_PACKAGE_SIZE = 5_000_000_000L;
    static final int MAX_PARTS = 50;
    /** 100 MB before encryption; AES-CBC with PKCS#7 adds at most one 16-byte block. */
    static final long MAX_ENCRYPTED_PART_SIZE = 100_000_000L + 16;
    /** Batch takes the structured invoices; PEF goes online only (srodowiska.md, the spec's formCode table). */
    private static final Set<String> FORM_CODES = Set.of("FA (2)|1-0E|FA", "FA (3)|1-0E|FA", "FA_RR (1)|1-1E|FA_RR");
    private static final Set<String> COMPRESSION_TYPES = Set.of("Zip", "TarGz");

    private BatchSessionValidation() {
    }

    static void validate(OpenBatchSessionRequest request) {
        if (request == null) {
            throw KsefException.validation("'request' must not be empty.");
        }
        List<String> errors = new ArrayList<>();
        var formCode = request.formCode();
        if (formCode == null) {
            errors.add("'formCode' must not be empty.");
        } else if (formCode.systemCode() == null || formCode.schemaVersion() == null || formCode.value() == null) {
            errors.add("'formCode' must have 'systemCode', 'schemaVersion' and 'value'.");
        } else if (!FORM_CODES.contains(formCode.systemCode() + "|" + formCode.schemaVersion() + "|"
                + formCode.value())) {
            errors.add("Wskazany kod formularza nie jest wspierany.");
        }
        var batchFile = request.batchFile();
        if (batchFile == null) {
            errors.add("'batchFile' must not be empty.");
        } else {
            if (batchFile.fileSize() == null) {
                errors.add("'fileSize' must not be empty.");
            } else if (batchFile.fileSize() < 1) {
                errors.add("'fileSize' must be greater than or equal to '1'.");
            } else if (batchFile.fileSize() > MAX_PACKAGE_SIZE) {
                errors.add("'fileSize' must be less than or equal to '5000000000'.");
            }
            if (!isSha256(batchFile.fileHash())) {
                errors.add("'fileHash' must be a SHA-256 hash encoded in Base64.");
            }
            if (batchFile.compressionType() != null && !COMPRESSION_TYPES.contains(batchFile.compressionType())) {
                errors.add("'compressionType' has a range of values which does not include '%s'."
                        .formatted(batchFile.compressionType()));
            }
            validateParts(batchFile.fileParts(), errors);
        }
        SessionKeyCheck.validateEncryption(request.encryption(), errors);
        if (!errors.isEmpty()) {
            throw KsefException.validation(errors.toArray(String[]::new));
        }
        if (batchFile.fileParts().size() > MAX_PARTS) {
            throw KsefException.badRequest(21161, "Przekroczono dozwoloną liczbę części pakietów.",
                    "Liczba części pliku musi być mniejsza lub równa niż %d.".formatted(MAX_PARTS));
        }
    }

    private static void validateParts(List<BatchFilePartInfo> parts, List<String> errors) {
        if (parts == null || parts.isEmpty()) {
            errors.add("'fileParts' must not be empty.");
            return;
        }
        Set<Integer> ordinals = new HashSet<>();
        for (int i = 0; i < parts.size(); i++) {
            BatchFilePartInfo part = parts.get(i);
            String at = "'fileParts[%d]".formatted(i);
            if (part == null) {
                errors.add(at + "' must not be empty.");
                continue;
            }
            if (part.ordinalNumber() == null || part.ordinalNumber() < 1) {
                errors.add(at + ".ordinalNumber' must be greater than or equal to '1'.");
            } else if (!ordinals.add(part.ordinalNumber())) {
                errors.add(at + ".ordinalNumber' must be unique: %d is declared twice."
                        .formatted(part.ordinalNumber()));
            }
            if (part.fileSize() == null || part.fileSize() < 1) {
                errors.add(at + ".fileSize' must be greater than or equal to '1'.");
            }
            if (!isSha256(part.fileHash())) {
                errors.add(at + ".fileHash' must be a SHA-256 hash encoded in Base64.");
            }
        }
        // Parts are the archive cut in order: their numbers are 1..n, none left out.
        if (errors.isEmpty() && parts.size() <= MAX_PARTS) {
            for (int n = 1; n <= parts.size(); n++) {
                if (!ordinals.contains(n)) {
                    errors.add("'fileParts' must be numbered 1 to %d: part %d is not declared."
                            .formatted(parts.size(), n));
                    break;
                }
            }
        }
    }

    /**
     * At close: a declared part invoice-service says it has not stored (PartsChecks), the official test's text
     * (BatchIntegrationTest.shouldThrowWhileCloseSessionWithoutAllParts asserts it verbatim).
     */
    static KsefException partMissing(int ordinalNumber) {
        return KsefException.badRequest(21205, "Pakiet nie może być pusty.",
                "Nie przesłano zadeklarowanej '%d' części pliku.".formatted(ordinalNumber));
    }

    /**
     * At close, in ordinal order, of the parts reported uploaded: each at its declared size (21157), and none over
     * 100 MB before encryption (21157). The size limit is checked here rather than at open because the official
     * tests open such a session and upload its part successfully, expecting the refusal later. Whether every part
     * came is PartsChecks' verdict, checked before this.
     */
    static void requireReportedPartsRight(List<BatchPart> parts) {
        for (BatchPart part : parts) {
            if (part.uploaded() && part.uploadedSize != part.declaredSize) {
                throw KsefException.badRequest(21157, "Nieprawidłowy rozmiar części pakietu.",
                        "Zadeklarowany rozmiar części '%d' nie zgadza się z rzeczywistym."
                                .formatted(part.ordinalNumber));
            }
            if (part.declaredSize > MAX_ENCRYPTED_PART_SIZE) {
                throw KsefException.badRequest(21157, "Nieprawidłowy rozmiar części pakietu.",
                        "Rozmiar części %d przekroczył dozwolony rozmiar 100MB.".formatted(part.ordinalNumber));
            }
        }
    }

    private static boolean isSha256(String base64) {
        byte[] bytes = SessionKeyCheck.base64(base64);
        return bytes != null && bytes.length == 32;
    }
}
