package pl.ksefhub.invoice.exports;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The archive an export's files are written into, in the request's {@code compressionType}: {@code Zip} (the
 * default, each file deflated on its own) or {@code TarGz} (KSeF 2.6.0: one gzip stream over a ustar archive, which
 * compresses many similar XML files better). Streams to disk; holds no file in memory beyond the one it is given.
 */
sealed interface PackageFiles extends Closeable {

    /** The spec's {@code CompressionType} values and the part name suffix of each. */
    enum Compression {
        Zip(".zip"), TarGz(".tar.gz");

        final String extension;

        Compression(String extension) {
            this.extension = extension;
        }

        /** Null (not given) is Zip, the spec's default. */
        static Compression of(String value) {
            return value == null ? Zip : valueOf(value);
        }

        /** Whether a request's {@code compressionType} names one of these (null: not given, the default). */
        static boolean isKnown(String value) {
            return value == null || Arrays.stream(values()).anyMatch(c -> c.name().equals(value));
        }
    }

    void add(String name, byte[] content) throws IOException;

    void add(String name, Path file) throws IOException;

    static PackageFiles create(Compression compression, Path archive) throws IOException {
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(archive));
        return compression == Compression.TarGz ? new TarGz(new GZIPOutputStream(out, 64 * 1024)) : new Zip(out);
    }

    final class Zip implements PackageFiles {

        private final ZipOutputStream out;

        Zip(OutputStream out) {
            this.out = new ZipOutputStream(out);
        }

        @Override
        public void add(String name, byte[] content) throws IOException {
            out.putNextEntry(new ZipEntry(name));
            out.write(content);
            out.closeEntry();
        }

        @Override
        public void add(String name, Path file) throws IOException {
            out.putNextEntry(new ZipEntry(name));
            Files.copy(file, out);
            out.closeEntry();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** POSIX ustar: a 512-byte header per file, its content padded to 512 bytes, two zero blocks at the end. */
    final class TarGz implements PackageFiles {

        private static final int BLOCK = 512;

        private final OutputStream out;
        private final long modified = System.currentTimeMillis() / 1000;

        TarGz(OutputStream out) {
            this.out = out;
        }

        @Override
        public void add(String name, byte[] content) throws IOException {
            out.write(header(name, content.length));
            out.write(content);
            pad(content.length);
        }

        @Override
        public void add(String name, Path file) throws IOException {
            long size = Files.size(file);
            out.write(header(name, size));
            try (InputStream in = Files.newInputStream(file)) {
                if (in.transferTo(out) != size) {
                    throw new IOException(file + " changed while it was archived");
                }
            }
            pad(size);
        }

        @Override
        public void close() throws IOException {
            out.write(new byte[2 * BLOCK]);
            out.close();
        }

        private void pad(long size) throws IOException {
            int rest = (int) (size % BLOCK);
            if (rest != 0) {
                out.write(new byte[BLOCK - rest]);
            }
        }

        private byte[] header(String name, long size) {
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            if (nameBytes.length > 100) {
                // Names here are "<ksefNumber>.xml" (40 characters) and "_metadata.json".
                throw new IllegalArgumentException("tar name longer than 100 bytes: " + name);
            }
            byte[] header = new byte[BLOCK];
            System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
            octal(header, 100, 8, 0644);
            octal(header, 108, 8, 0);
            octal(header, 116, 8, 0);
            octal(header, 124, 12, size);
            octal(header, 136, 12, modified);
            header[156] = '0';
            ascii(header, 257, "ustar\0");
            ascii(header, 263, "00");
            // The checksum is computed with its own field read as eight spaces.
            ascii(header, 148, "        ");
            long sum = 0;
            for (byte b : header) {
                sum += b & 0xff;
            }
            ascii(header, 148, String.format("%06o", sum));
            header[154] = 0;
            header[155] = ' ';
            return header;
        }

        /** A zero-padded octal number filling the field but its last byte, which stays NUL. */
        private static void octal(byte[] header, int offset, int length, long value) {
            String digits = Long.toOctalString(value);
            if (digits.length() > length - 1) {
                throw new IllegalArgumentException("value too large for a tar header field: " + value);
            }
            ascii(header, offset, "0".repeat(length - 1 - digits.length()) + digits);
        }

        private static void ascii(byte[] header, int offset, String value) {
            byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(bytes, 0, header, offset, bytes.length);
        }
    }
}
