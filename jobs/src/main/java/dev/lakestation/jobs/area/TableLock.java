package dev.lakestation.jobs.area;

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
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The exclusive lock of one table, Starlake's {@code <datasets>/locks/<domain>_<table>.lock}: an OS file lock
 * ({@link FileChannel#tryLock()}), so the lock dies with its holder — a SIGKILLed load never leaves a stale lock.
 * The file holds the holder's run id, pid and start time for the error message of whoever waits.
 *
 * <pre>{@code
 * try (TableLock lock = TableLock.acquire(datasets.resolve("locks"), "sales", "orders", runId, Duration.ofMinutes(5))) {
 *     ... // exclusive
 * } // TableLockedException: "table sales.orders is being loaded by run 42 (pid 1234) since 2026-..."
 * }</pre>
 *
 * <p>Within one JVM the lock is first taken on an in-process semaphore: POSIX record locks belong to the process,
 * and closing <em>any</em> descriptor of the file releases them, so only the in-process holder ever opens it.
 * The lock file is never deleted (deleting it while another process waits on it would give two holders).
 */
public final class TableLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Path, String> IN_PROCESS_HOLDERS = new ConcurrentHashMap<>();
    private static final long POLL_MILLIS = 50;

    private final Path file;
    private final Semaphore permit;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    private TableLock(Path file, Semaphore permit, FileChannel channel, FileLock lock) {
        this.file = file;
        this.permit = permit;
        this.channel = channel;
        this.lock = lock;
    }

    /** {@code <locksDir>/<domain>_<table>.lock}, Starlake's name. */
    public static Path lockFile(Path locksDir, String domain, String table) {
        return locksDir.resolve(domain + "_" + table + ".lock");
    }

    /**
     * Takes the lock of {@code domain.table}, waiting at most {@code wait} (zero: one try).
     *
     * @throws TableLockedException when another run still holds it after {@code wait}, naming that run
     */
    public static TableLock acquire(Path locksDir, String domain, String table, String runId, Duration wait) {
        Path file = lockFile(locksDir, domain, table).toAbsolutePath().normalize();
        String name = domain + "." + table;
        long deadline = System.nanoTime() + wait.toNanos();
        Semaphore permit = IN_PROCESS.computeIfAbsent(file, f -> new Semaphore(1));
        try {
            if (!permit.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new TableLockedException(name, IN_PROCESS_HOLDERS.getOrDefault(file, "another run in this process"),
                        wait, file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the lock of table " + name, e);
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            while (true) {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // cannot happen behind the semaphore; treated as "held"
                }
                if (lock != null) {
                    String holder = "run " + runId + " (pid " + ProcessHandle.current().pid() + ") since "
                            + Instant.now();
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                    channel.force(false);
                    IN_PROCESS_HOLDERS.put(file, holder);
                    return new TableLock(file, permit, channel, lock);
                }
                if (System.nanoTime() >= deadline) {
                    throw new TableLockedException(name, holder(channel), wait, file);
                }
                Thread.sleep(POLL_MILLIS); // polling an OS lock held by another process: there is nothing to wait on
            }
        } catch (IOException e) {
            closeQuietly(channel);
            permit.release();
            throw new UncheckedIOException("cannot lock table " + name + " with " + file, e);
        } catch (InterruptedException e) {
            closeQuietly(channel);
            permit.release();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the lock of table " + name, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            permit.release();
            throw e;
        }
    }

    /** What the current holder wrote, read through our own descriptor (never a new one, see the class comment). */
    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(512);
            channel.read(buf, 0);
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? "another process" : text;
        } catch (IOException e) {
            return "another process";
        }
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /** Releases the lock (idempotent). */
    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        try {
            channel.truncate(0);
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases the OS lock anyway
        } finally {
            IN_PROCESS_HOLDERS.remove(file);
            closeQuietly(channel);
            permit.release();
        }
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    /** Another run holds the table's lock. */
    public static final class TableLockedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TableLockedException(String table, String holder, Duration waited, Path file) {
            super("table " + table + " is being loaded by " + holder + "; gave up after waiting " + waited
                    + " (lock " + file + ")");
        }
    }
}
