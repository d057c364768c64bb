package pl.ksefhub.deploy.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Batch archives as clients build them: one invoice XML per ZIP entry, written straight to a file. */
public final class BatchPackages {

    private BatchPackages() {
    }

    /**
     * @param fileName the entry name of invoice {@code i} (0-based)
     * @param invoice  the XML of invoice {@code i}
     */
    public static Path zip(Path archive, int count, IntFunction<String> fileName, IntFunction<byte[]> invoice) {
        try (OutputStream file = Files.newOutputStream(archive); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (int i = 0; i < count; i++) {
                zip.putNextEntry(new ZipEntry(fileName.apply(i)));
                zip.write(invoice.apply(i));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return archive;
    }
}
