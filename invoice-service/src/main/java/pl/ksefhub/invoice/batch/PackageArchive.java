package pl.ksefhub.invoice.batch;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The files of a batch archive, ZIP or tar.gz (compressionType, KSeF 2.6.0), in their order in the archive; each
 * file is one invoice (directories and tar's other entry types are not). Blocking; one file in memory at a time.
 */
final class PackageArchive {

    /** One file of the archive. */
    record ArchiveFile(String name, byte[] content) {
    }

    interface FileVisitor {
        /** @return false to stop */
        boolean visit(int index, ArchiveFile file) throws IOException;
    }

    /** The archive cannot be read as what it was declared. */
    static final class UnreadableArchive extends Exception {
        UnreadableArchive(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final int TAR_BLOCK = 512;

    private PackageArchive() {
    }

    /** How many invoice files the archive holds. */
    static int count(Path archive, String compressionType) throws UnreadableArchive {
        int[] count = {0};
        read(archive, compressionType, (index, file) -> {
            count[0]++;
            return true;
        }, false);
        return count[0];
    }

    /** Visits every file from {@code from} (0-based) on. */
    static void forEachFrom(Path archive, String compressionType, int from, FileVisitor visitor)
            throws UnreadableArchive {
        read(archive, compressionType, (index, file) -> index < from || visitor.visit(index, file), true);
    }

    private static void read(Path archive, String compressionType, FileVisitor visitor, boolean withContent)
            throws UnreadableArchive {
        try {
            if ("TarGz".equals(compressionType)) {
                readTarGz(archive, visitor, withContent);
            } else {
                readZip(archive, visitor, withContent);
            }
        } catch (IOException | RuntimeException e) {
            throw new UnreadableArchive(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
    }

    private static void readZip(Path archive, FileVisitor visitor, boolean withContent) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile(), StandardCharsets.UTF_8)) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            int index = 0;
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                byte[] content = null;
                if (withContent) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        content = in.readAllBytes();
                    }
                }
                if (!visitor.visit(index++, new ArchiveFile(entry.getName(), content))) {
                    return;
                }
            }
        }
    }

    /** ustar/GNU tar: 512-byte headers, each followed by the file's blocks; two zero blocks end it. */
    private static void readTarGz(Path archive, FileVisitor visitor, boolean withContent) throws IOException {
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 65536))) {
            byte[] header = new byte[TAR_BLOCK];
            int index = 0;
            String longName = null;
            while (true) {
                if (!readFully(in, header)) {
                    throw new EOFException("tar archive ends without its end-of-archive blocks");
                }
                if (isZero(header)) {
                    return;
                }
                String name = text(header, 0, 100);
                String prefix = text(header, 345, 155);
                long size = octal(header, 124, 12);
                char type = (char) header[156];
                long padded = (size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
                if (type == 'L') { // GNU long name: the next entry's name is this entry's content
                    longName = new String(readBytes(in, size), StandardCharsets.UTF_8).replace("\0", "");
                    skip(in, padded - size);
                    continue;
                }
                if (type == '0' || type == '\0') {
                    String fullName = longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name;
                    longName = null;
                    byte[] content = null;
                    if (withContent) {
                        content = readBytes(in, size);
                        skip(in, padded - size);
                    } else {
                        skip(in, padded);
                    }
                    if (!visitor.visit(index++, new ArchiveFile(fullName, content))) {
                        return;
                    }
                } else { // directories, links, pax headers: not invoices
                    longName = null;
                    skip(in, padded);
                }
            }
        }
    }

    private static boolean readFully(InputStream in, byte[] block) throws IOException {
        int read = in.readNBytes(block, 0, block.length);
        if (read == 0) {
            return false;
        }
        if (read < block.length) {
            throw new EOFException("truncated tar block");
        }
        return true;
    }

    private static byte[] readBytes(InputStream in, long size) throws IOException {
        if (size > Integer.MAX_VALUE - 16) {
            throw new IOException("tar entry too large: " + size);
        }
        byte[] bytes = in.readNBytes((int) size);
        if (bytes.length < size) {
            throw new EOFException("truncated tar entry");
        }
        return bytes;
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        in.skipNBytes(bytes);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length) throws IOException {
        String value = text(header, offset, length).trim();
        try {
            return value.isEmpty() ? 0 : Long.parseLong(value, 8);
        } catch (NumberFormatException e) {
            throw new IOException("tar header with a malformed size: " + value);
        }
    }
}
