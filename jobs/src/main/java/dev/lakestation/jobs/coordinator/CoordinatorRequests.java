package dev.lakestation.jobs.coordinator;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Manual commands ({@code trigger}, {@code backfill}) handed to a running coordinator service: one JSON file per
 * request in {@code <datasets>/coordinator/requests/}, written to a temp name and renamed (a reader never sees half a
 * request). The service takes them in name order (names start with the submit time) and deletes each before applying
 * it: a request is applied at most once (a crash in between loses it; the CLI said "queued", re-issue it).
 *
 * <pre>{@code
 * new CoordinatorRequests(dir).submit(Request.trigger("transform:kpi.t", "20240301T0000"));
 * }</pre>
 */
public final class CoordinatorRequests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    public CoordinatorRequests(Path dir) {
        this.dir = dir;
    }

    /** The folder. */
    public Path dir() {
        return dir;
    }

    /**
     * One request.
     *
     * @param command   {@code trigger} or {@code backfill}
     * @param pipeline  pipeline id
     * @param period    trigger: the period, or null for the current one
     * @param from      backfill: first instant (ISO-8601)
     * @param to        backfill: last instant (ISO-8601)
     * @param reprocess backfill: none, failed or all
     */
    public record Request(String command, String pipeline, String period, String from, String to,
                          String reprocess) {
        public static Request trigger(String pipeline, String period) {
            return new Request("trigger", pipeline, period, null, null, null);
        }

        public static Request backfill(String pipeline, String from, String to, Reprocess reprocess) {
            return new Request("backfill", pipeline, null, from, to, reprocess.name().toLowerCase());
        }
    }

    /** Writes {@code r} for the service to pick up; returns its file. */
    public Path submit(Request r) {
        try {
            Files.createDirectories(dir);
            String name = String.format("%013d-%s.json", System.currentTimeMillis(), UUID.randomUUID());
            Path tmp = dir.resolve("." + name + ".tmp");
            Files.write(tmp, JSON.writeValueAsBytes(r));
            return Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot queue the request in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Removes and returns the queued requests, oldest first; an unreadable file is reported and dropped. */
    public List<Request> take(java.util.function.Consumer<String> problems) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            ds.forEach(files::add);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        files.sort(null);
        List<Request> out = new ArrayList<>();
        for (Path f : files) {
            try {
                byte[] bytes = Files.readAllBytes(f);
                Files.delete(f);
                out.add(JSON.readValue(bytes, Request.class));
            } catch (NoSuchFileException gone) {
                // taken by another reader
            } catch (IOException e) {
                problems.accept(f + ": not a coordinator request, dropped: " + e.getMessage());
            }
        }
        return out;
    }
}
