package pl.ksefhub.deploy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One stack per data folder: a lock on {@code <data>/ksef-hub.lock}, held while the stack runs. */
final class StackLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private StackLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static StackLock acquire(Path dataDir) {
        Path file = dataDir.resolve("ksef-hub.lock");
        try {
            Files.createDirectories(dataDir);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
                throw new StackException("Another ksef-hub is already running with the data folder " + dataDir
                        + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                        + ": stop it first (Ctrl-C in its terminal), or choose another folder with KSEF_DATA_DIR");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid())
                    .getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
            return new StackLock(channel, lock);
        } catch (IOException e) {
            throw new StackException("Could not lock " + file + ": " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.truncate(0);
            channel.close();
        } catch (IOException e) {
            // The lock goes with the process anyway.
        }
    }
}
