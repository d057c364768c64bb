package pl.ksefhub.invoice.batch;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where uploaded parts live until their package is processed: outside the JVM heap, streamed in and out. The
 * shipped store is a directory ({@link DirectoryPartStore}); an S3-compatible one fits the same three steps
 * (a multipart upload per part, a ranged read, a prefix delete).
 */
public interface PartStore {

    /** Starts writing a part; nothing is visible under its name before {@link PartWriter#commit()}. */
    Uni<PartWriter> create(String sessionReferenceNumber, int ordinalNumber);

    /** The stored bytes of a part (blocking stream), or null when it is not stored. */
    InputStream read(String sessionReferenceNumber, int ordinalNumber) throws IOException;

    /** Removes every part of the session (blocking). */
    void deleteAll(String sessionReferenceNumber) throws IOException;

    /** One upload in progress. Writes must wait for {@link #write}'s future when the store pushes back. */
    interface PartWriter {

        Uni<Void> write(Buffer chunk);

        /** Makes the written bytes the part's content, replacing an earlier upload of it. */
        Uni<Void> commit();

        /** Drops what was written. */
        Uni<Void> abort();
    }
}
