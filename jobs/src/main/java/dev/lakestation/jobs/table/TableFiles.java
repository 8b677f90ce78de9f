package dev.lakestation.jobs.table;

import dev.lakestation.jobs.area.FileTrees;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** File operations of the commit protocol. */
final class TableFiles {
    private TableFiles() {
    }

    /** A data file of a version: path relative to the version folder, and its size. */
    record DataFile(Path relative, long size) {
        /** The partition folder ({@code year=2024/month=3}), {@code ""} at the top level. */
        String partition() {
            Path parent = relative.getParent();
            return parent == null ? "" : parent.toString().replace('\\', '/');
        }
    }

    /**
     * Regular files under {@code dir} whose path has no hidden element ({@code .x} or {@code _x}: Flink's
     * in-progress files, {@code _SUCCESS}, {@code .crc} — what Parquet readers skip too), sorted by path.
     */
    static List<DataFile> dataFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<DataFile> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Path rel = dir.relativize(p);
                if (hidden(rel)) {
                    continue;
                }
                out.add(new DataFile(rel, Files.size(p)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        out.sort(Comparator.comparing(d -> d.relative().toString()));
        return out;
    }

    static boolean hidden(Path rel) {
        for (Path part : rel) {
            String n = part.toString();
            if (n.startsWith(".") || n.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    /** A hard link {@code target} → {@code source}; a copy where the file system refuses links. */
    static void linkOrCopy(Path source, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try {
            Files.createLink(target, source);
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof java.nio.file.FileAlreadyExistsException) {
                throw (java.nio.file.FileAlreadyExistsException) e;
            }
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    /** Deletes {@code p} and everything under it, without following symbolic links; absent is fine. */
    static void deleteTree(Path p) {
        try {
            FileTrees.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p, e);
        }
    }
}
