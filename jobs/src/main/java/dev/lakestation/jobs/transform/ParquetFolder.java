package dev.lakestation.jobs.transform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The data files of a table folder: every regular file below it except hidden ones ({@code .name}, {@code _name},
 * which also skips Flink's in-progress staging folders), and its Hive-style partition columns ({@code k=v} folders).
 */
final class ParquetFolder {

    private ParquetFolder() {
    }

    static List<Path> files(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> folder.relativize(p).toString().split("[/\\\\]").length > 0)
                    .filter(p -> visible(folder, p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** Partition column names, outermost first, from the folders above the first data file. */
    static List<String> partitionColumns(Path folder, List<Path> files) {
        if (files.isEmpty()) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        Path rel = folder.relativize(files.get(0)).getParent();
        if (rel != null) {
            for (Path part : rel) {
                String p = part.toString();
                int eq = p.indexOf('=');
                if (eq > 0) {
                    names.add(p.substring(0, eq));
                }
            }
        }
        return new ArrayList<>(names);
    }

    static long rows(Path folder) {
        long n = 0;
        for (Path f : files(folder)) {
            try {
                n += FlinkTypes.rowCount(f);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the Parquet footer of " + f, e);
            }
        }
        return n;
    }

    private static boolean visible(Path folder, Path file) {
        for (Path part : folder.relativize(file)) {
            String s = part.toString();
            if (s.startsWith(".") || s.startsWith("_")) {
                return false;
            }
        }
        return true;
    }
}
