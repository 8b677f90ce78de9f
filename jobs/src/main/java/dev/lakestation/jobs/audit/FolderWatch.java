package dev.lakestation.jobs.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/**
 * Calls a listener (on a daemon thread) when files are created or modified in a folder — how a waiting coordinator
 * learns of new lines in {@code datasets/events/} or new requests without polling fast. Backed by the platform's
 * {@link WatchService} (inotify on Linux); where that only polls, callers still wake up on their own timeout.
 *
 * <pre>{@code
 * try (FolderWatch w = FolderWatch.start(dir, wake::signal)) { ... }
 * }</pre>
 */
public final class FolderWatch implements AutoCloseable {

    private final WatchService watcher;

    private FolderWatch(WatchService watcher) {
        this.watcher = watcher;
    }

    /** Watches {@code dir} (created if missing). */
    public static FolderWatch start(Path dir, Runnable listener) {
        try {
            Files.createDirectories(dir);
            WatchService w = FileSystems.getDefault().newWatchService();
            dir.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        WatchKey k = w.take();
                        k.pollEvents();
                        k.reset();
                        listener.run();
                    }
                } catch (InterruptedException | ClosedWatchServiceException stop) {
                    // closed
                }
            }, "watch-" + dir.getFileName());
            t.setDaemon(true);
            t.start();
            return new FolderWatch(w);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
