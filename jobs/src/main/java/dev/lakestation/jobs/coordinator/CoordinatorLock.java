package dev.lakestation.jobs.coordinator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One coordinator per project at a time: an OS file lock on {@code <datasets>/coordinator/coordinator.lock}, held
 * by the service for its lifetime and by {@code trigger} / {@code backfill} while they run in the foreground. The OS
 * releases it when the process dies (kill -9 included), so a stale lock never blocks a restart. The file holds the
 * holder's pid, for messages.
 *
 * <pre>{@code
 * try (CoordinatorLock lock = CoordinatorLock.tryAcquire(file).orElseThrow()) { ... }
 * }</pre>
 */
public final class CoordinatorLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private CoordinatorLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or empty when another process (or this one) holds it. */
    public static Optional<CoordinatorLock> tryAcquire(Path file) {
        try {
            Files.createDirectories(file.getParent());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException held) {
                l = null;
            }
            if (l == null) {
                ch.close();
                return Optional.empty();
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)),
                    0);
            return Optional.of(new CoordinatorLock(ch, l));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** The pid written by the holder, or "?" when unreadable. */
    public static String holder(Path file) {
        try {
            String s = Files.readString(file).trim();
            return s.isEmpty() ? "?" : s;
        } catch (IOException e) {
            return "?";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // released with the channel anyway
        }
    }
}
