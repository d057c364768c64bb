package pl.ksefhub.invoice.batch;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.OpenOptions;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.invoice.config.InvoiceConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Parts as files: {@code <directory>/<session reference>/part-<n>}. An upload is written to a file of its own and
 * renamed over the part when complete, so a repeated or interrupted upload never leaves a half part behind.
 */
@ApplicationScoped
public class DirectoryPartStore implements PartStore {

    private final Vertx vertx;
    private final Path root;

    public DirectoryPartStore(Vertx vertx, InvoiceConfig config) {
        this.vertx = vertx;
        this.root = Path.of(config.batch().storageDirectory());
    }

    @Override
    public Uni<PartWriter> create(String sessionReferenceNumber, int ordinalNumber) {
        Path directory = sessionDirectory(sessionReferenceNumber);
        Path target = directory.resolve("part-" + ordinalNumber);
        Path upload = directory.resolve("part-" + ordinalNumber + ".upload-" + UUID.randomUUID());
        return uni(vertx.fileSystem().mkdirs(directory.toString())
                .compose(v -> vertx.fileSystem().open(upload.toString(),
                        new OpenOptions().setWrite(true).setCreateNew(true))))
                .map(file -> new FileWriter(file, upload, target));
    }

    @Override
    public InputStream read(String sessionReferenceNumber, int ordinalNumber) throws IOException {
        Path part = sessionDirectory(sessionReferenceNumber).resolve("part-" + ordinalNumber);
        try {
            return Files.newInputStream(part);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public void deleteAll(String sessionReferenceNumber) throws IOException {
        Path directory = sessionDirectory(sessionReferenceNumber);
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** A scratch file next to the parts, for work on a package (blocking callers). */
    public Path scratchFile(String sessionReferenceNumber, String name) throws IOException {
        Path directory = sessionDirectory(sessionReferenceNumber);
        Files.createDirectories(directory);
        return directory.resolve(name);
    }

    private Path sessionDirectory(String sessionReferenceNumber) {
        // Reference numbers are [0-9A-Z-] (ReferenceNumbers): no path can be smuggled in through one.
        if (!sessionReferenceNumber.matches("[0-9A-Z-]{36}")) {
            throw new IllegalArgumentException("Not a reference number: " + sessionReferenceNumber);
        }
        return root.resolve(sessionReferenceNumber);
    }

    private final class FileWriter implements PartWriter {
        private final AsyncFile file;
        private final Path upload;
        private final Path target;

        private FileWriter(AsyncFile file, Path upload, Path target) {
            this.file = file;
            this.upload = upload;
            this.target = target;
        }

        @Override
        public Uni<Void> write(Buffer chunk) {
            return uni(file.write(chunk));
        }

        @Override
        public Uni<Void> commit() {
            return uni(file.close().compose(v -> vertx.fileSystem().move(upload.toString(), target.toString(),
                    new CopyOptions().setReplaceExisting(true).setAtomicMove(true))));
        }

        @Override
        public Uni<Void> abort() {
            return uni(file.close().eventually(() -> vertx.fileSystem().delete(upload.toString())))
                    .onFailure().recoverWithNull().replaceWithVoid();
        }
    }

    private static <T> Uni<T> uni(Future<T> future) {
        return Uni.createFrom().completionStage(future.toCompletionStage());
    }
}
