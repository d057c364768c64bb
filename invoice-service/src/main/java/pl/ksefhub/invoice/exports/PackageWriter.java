package pl.ksefhub.invoice.exports;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.invoice.config.InvoiceConfig;
import pl.ksefhub.invoice.metadata.InvoiceMetadata;
import pl.ksefhub.invoice.metadata.InvoiceMetadataQueries;
import pl.ksefhub.invoice.metadata.InvoiceQueryFilters;
import pl.ksefhub.invoice.metadata.MetadataQuery;
import pl.ksefhub.platform.keys.KeyUsage;
import pl.ksefhub.platform.keys.PlatformKeys;

import javax.crypto.Cipher;
import javax.crypto.CipherOutputStream;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds an export's package with a bounded heap: the matching invoices are read a page at a time (their XML a
 * few at a time), streamed into a ZIP or tar.gz ({@link PackageFiles}) on disk ({@code <ksefNumber>.xml} each,
 * then {@code _metadata.json} with their {@code InvoiceMetadata}, written as it goes to a file of its own), and the
 * archive is cut into parts of at most {@code exports.max-part-size} bytes, each encrypted on its own with the
 * client's AES-256-CBC key and IV (PKCS#7) and hashed before and after. Invoices in ascending order of the range's date; at {@code max-invoices} or
 * {@code max-package-size} the package stops with {@code isTruncated} and the last record's dates.
 */
@ApplicationScoped
public class PackageWriter {

    private static final int PAGE = 250;
    private static final int CONTENT_CHUNK = 20;
    private static final String CONTENTS =
            "select invoice_row_id, content from invoice_content where invoice_row_id = any(cast(:ids as bigint[]))";

    /** One encrypted part as stored. */
    record Part(int ordinalNumber, String name, long size, String hash, long encryptedSize, String encryptedHash) {
    }

    record Result(ExportStatus status, List<String> details, int invoiceCount, long packageSize, boolean truncated,
                  LocalDate lastIssueDate, OffsetDateTime lastInvoicingDate, OffsetDateTime lastPermanentStorageDate,
                  List<Part> parts) {

        static Result failed(ExportStatus status, List<String> details) {
            return new Result(status, details, 0, 0, false, null, null, null, List.of());
        }
    }

    private final InvoiceMetadataQueries queries;
    private final PlatformKeys keys;
    private final ObjectMapper json;
    private final InvoiceConfig.Exports config;
    private final Path root;

    public PackageWriter(InvoiceMetadataQueries queries, PlatformKeys keys, ObjectMapper json, InvoiceConfig config) {
        this.queries = queries;
        this.keys = keys;
        this.json = json;
        this.config = config.exports();
        this.root = Path.of(this.config.storageDirectory());
    }

    /** The stored part file (encrypted). */
    Path part(String exportReference, int ordinalNumber) {
        return root.resolve(exportReference).resolve("part-" + ordinalNumber);
    }

    Result write(InvoiceExport export) {
        SecretKeySpec key;
        IvParameterSpec iv;
        try {
            byte[] raw = keys.unwrap(KeyUsage.SymmetricKeyEncryption,
                    Base64.getDecoder().decode(export.encryptedSymmetricKey));
            byte[] ivBytes = Base64.getDecoder().decode(export.initializationVector);
            if (raw.length != 32 || ivBytes.length != 16) {
                return Result.failed(ExportStatus.KEY_FAILED, null);
            }
            key = new SecretKeySpec(raw, "AES");
            iv = new IvParameterSpec(ivBytes);
        } catch (Exception e) {
            return Result.failed(ExportStatus.KEY_FAILED, null);
        }
        try {
            MetadataQuery query = InvoiceMetadataQueries.validated(
                    json.readValue(export.filters, InvoiceQueryFilters.class), export.createdAt);
            Path directory = Files.createDirectories(root.resolve(export.referenceNumber));
            PackageFiles.Compression compression = PackageFiles.Compression.of(export.compressionType);
            Path archive = directory.resolve("package" + compression.extension);
            Path metadata = directory.resolve("metadata.json");
            Result content = archive(export, query, compression, archive, metadata);
            List<Part> parts = split(export.referenceNumber, compression, archive, key, iv);
            Files.deleteIfExists(archive);
            Files.deleteIfExists(metadata);
            return new Result(ExportStatus.DONE, null, content.invoiceCount(), content.packageSize(),
                    content.truncated(), content.lastIssueDate(), content.lastInvoicingDate(),
                    content.lastPermanentStorageDate(), parts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    void delete(String exportReference) {
        Path directory = root.resolve(exportReference);
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Result archive(InvoiceExport export, MetadataQuery query, PackageFiles.Compression compression,
                           Path archive, Path metadataFile) throws Throwable {
        int count = 0;
        long size = 0;
        boolean truncated = false;
        InvoiceMetadata last = null;
        try (PackageFiles out = PackageFiles.create(compression, archive);
             JsonGenerator metadata = json.getFactory().createGenerator(Files.newOutputStream(metadataFile))) {
            metadata.writeStartObject();
            metadata.writeArrayFieldStart("invoices");
            long start = 0;
            pages:
            while (true) {
                long offset = start;
                List<InvoiceMetadataQueries.Found> page = VertxContextSupport.subscribeAndAwait(() ->
                        queries.page(export.contextType, export.contextValue, query, export.rangeTo, offset, PAGE));
                for (int from = 0; from < page.size(); from += CONTENT_CHUNK) {
                    List<InvoiceMetadataQueries.Found> chunk = page.subList(from,
                            Math.min(page.size(), from + CONTENT_CHUNK));
                    Map<Long, byte[]> contents = export.onlyMetadata ? Map.of() : contents(chunk);
                    for (InvoiceMetadataQueries.Found found : chunk) {
                        byte[] xml = contents.get(found.invoiceRowId());
                        long entrySize = xml == null ? 0 : xml.length;
                        if (count == config.maxInvoices() || size + entrySize > config.maxPackageSize()) {
                            truncated = true;
                            break pages;
                        }
                        if (xml != null) {
                            out.add(found.metadata().ksefNumber() + ".xml", xml);
                        }
                        json.writeValue(metadata, found.metadata());
                        size += entrySize;
                        count++;
                        last = found.metadata();
                    }
                }
                if (page.size() < PAGE) {
                    break;
                }
                start += PAGE;
            }
            metadata.writeEndArray();
            metadata.writeEndObject();
            metadata.flush();
            metadata.close();
            out.add("_metadata.json", metadataFile);
        }
        return new Result(ExportStatus.DONE, null, count, Files.size(archive), truncated,
                last == null ? null : last.issueDate(), last == null ? null : last.invoicingDate(),
                last == null ? null : last.permanentStorageDate(), List.of());
    }

    private Map<Long, byte[]> contents(List<InvoiceMetadataQueries.Found> chunk) throws Throwable {
        Long[] ids = chunk.stream().map(InvoiceMetadataQueries.Found::invoiceRowId).toArray(Long[]::new);
        List<Object[]> rows = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() ->
                Panache.getSession().chain(session -> session.createNativeQuery(CONTENTS, Object[].class)
                        .setParameter("ids", ids).getResultList())));
        Map<Long, byte[]> result = new HashMap<>();
        rows.forEach(row -> result.put(((Number) row[0]).longValue(), (byte[]) row[1]));
        return result;
    }

    /** Cuts the archive into parts, each encrypted on its own, streaming through a 64 KB buffer. */
    private List<Part> split(String reference, PackageFiles.Compression compression, Path archive,
                             SecretKeySpec key, IvParameterSpec iv) throws Exception {
        List<Part> parts = new ArrayList<>();
        long total = Files.size(archive);
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(archive)) {
            int ordinal = 0;
            long done = 0;
            do {
                ordinal++;
                long partSize = Math.min(config.maxPartSize(), total - done);
                MessageDigest plainHash = MessageDigest.getInstance("SHA-256");
                MessageDigest encryptedHash = MessageDigest.getInstance("SHA-256");
                Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
                cipher.init(Cipher.ENCRYPT_MODE, key, iv);
                Path file = part(reference, ordinal);
                try (DigestOutputStream encrypted = new DigestOutputStream(
                        new BufferedOutputStream(Files.newOutputStream(file)), encryptedHash);
                     OutputStream plain = new CipherOutputStream(encrypted, cipher)) {
                    long left = partSize;
                    while (left > 0) {
                        int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                        if (read < 0) {
                            throw new IOException("package shorter than its size");
                        }
                        plainHash.update(buffer, 0, read);
                        plain.write(buffer, 0, read);
                        left -= read;
                    }
                }
                done += partSize;
                parts.add(new Part(ordinal, reference + "-" + ordinal + compression.extension + ".aes", partSize,
                        Base64.getEncoder().encodeToString(plainHash.digest()), Files.size(file),
                        Base64.getEncoder().encodeToString(encryptedHash.digest())));
            } while (done < total);
        }
        return parts;
    }
}
