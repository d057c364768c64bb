package pl.ksefhub.invoice.batch;

import pl.ksefhub.platform.auth.SecretHashes;
import io.restassured.response.Response;
import pl.ksefhub.invoice.support.TestSession;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.restassured.RestAssured.given;

/**
 * A batch package as the official SDKs build one: a ZIP (or tar.gz) of invoice files, cut in binary parts, each
 * part encrypted on its own with the session's key and IV; declared in the session.opened event of a batch
 * session, with an upload secret per part.
 */
final class TestPackage {

    private static final SecureRandom RANDOM = new SecureRandom();

    final TestSession session;
    final byte[] archive;
    final List<byte[]> encryptedParts = new ArrayList<>();
    final List<String> tokens = new ArrayList<>();
    final List<Map<String, Object>> declared = new ArrayList<>();
    String compressionType = "Zip";
    String declaredArchiveHash;
    long declaredArchiveSize;

    private TestPackage(TestSession session, byte[] archive, int partCount) {
        this.session = session;
        this.archive = archive;
        this.declaredArchiveHash = TestSession.sha256(archive);
        this.declaredArchiveSize = archive.length;
        int partSize = (archive.length + partCount - 1) / partCount;
        for (int i = 0; i < partCount; i++) {
            byte[] part = Arrays.copyOfRange(archive, i * partSize, Math.min(archive.length, (i + 1) * partSize));
            byte[] encrypted = session.encrypt(part);
            encryptedParts.add(encrypted);
            byte[] secret = new byte[32];
            RANDOM.nextBytes(secret);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            tokens.add(token);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("ordinalNumber", i + 1);
            p.put("fileSize", encrypted.length);
            p.put("fileHash", TestSession.sha256(encrypted));
            p.put("uploadTokenHash", SecretHashes.sha256Hex(token));
            declared.add(p);
        }
    }

    static TestPackage zip(TestSession session, Map<String, String> files, int partCount) {
        return new TestPackage(session, zipOf(files), partCount);
    }

    /** Any bytes as the "archive". */
    static TestPackage raw(TestSession session, byte[] archive) {
        return new TestPackage(session, archive, 1);
    }

    static TestPackage tarGz(TestSession session, Map<String, String> files, int partCount) {
        TestPackage pkg = new TestPackage(session, tarGzOf(files), partCount);
        pkg.compressionType = "TarGz";
        return pkg;
    }

    /** Makes the session.opened a batch one declaring this package, with the given upload window. */
    TestPackage declare(OffsetDateTime uploadDeadline) {
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("fileSize", declaredArchiveSize);
        batch.put("fileHash", declaredArchiveHash);
        batch.put("compressionType", compressionType);
        batch.put("offlineMode", false);
        batch.put("uploadDeadline", uploadDeadline.toString());
        batch.put("parts", declared);
        session.with("sessionType", "batch").with("batch", batch);
        return this;
    }

    TestPackage declare() {
        return declare(OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(20L * encryptedParts.size()));
    }

    Response put(int ordinal, byte[] body, String token) {
        return given().contentType("application/octet-stream").header("x-ms-blob-type", "BlockBlob").body(body)
                .put("/v2/sessions/batch/{ref}/parts/{n}?token=" + token, session.referenceNumber, ordinal);
    }

    Response upload(int ordinal) {
        return put(ordinal, encryptedParts.get(ordinal - 1), tokens.get(ordinal - 1));
    }

    void uploadAll() {
        for (int n = 1; n <= encryptedParts.size(); n++) {
            upload(n).then().statusCode(201);
        }
    }

    static byte[] zipOf(Map<String, String> files) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                for (var file : files.entrySet()) {
                    zip.putNextEntry(new ZipEntry(file.getKey()));
                    zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A ustar archive, gzipped: header blocks of 512 bytes with octal sizes and checksums. */
    static byte[] tarGzOf(Map<String, String> files) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
                for (var file : files.entrySet()) {
                    byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                    byte[] header = new byte[512];
                    put(header, 0, file.getKey());
                    put(header, 100, "0000644");
                    put(header, 108, "0000000");
                    put(header, 116, "0000000");
                    put(header, 124, String.format("%011o", content.length));
                    put(header, 136, String.format("%011o", 0));
                    Arrays.fill(header, 148, 156, (byte) ' ');
                    header[156] = '0';
                    put(header, 257, "ustar");
                    put(header, 263, "00");
                    int sum = 0;
                    for (byte b : header) {
                        sum += b & 0xff;
                    }
                    put(header, 148, String.format("%06o", sum));
                    header[154] = 0;
                    gzip.write(header);
                    gzip.write(content);
                    gzip.write(new byte[(512 - content.length % 512) % 512]);
                }
                gzip.write(new byte[1024]);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] b = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, offset, b.length);
    }
}
