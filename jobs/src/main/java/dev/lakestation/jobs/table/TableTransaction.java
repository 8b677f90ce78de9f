package dev.lakestation.jobs.table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** STUB (replaced by the table branch). */
public final class TableTransaction implements AutoCloseable {
    private final Path table;
    private final Path staging;

    TableTransaction(Path table, Path staging) {
        this.table = table;
        this.staging = staging;
    }

    public Path stagingDir() {
        return staging;
    }

    public CommitResult commit(WriteMode mode) throws IOException {
        Files.createDirectories(table);
        if (mode == WriteMode.OVERWRITE) {
            try (Stream<Path> s = Files.list(table)) {
                for (Path p : s.toList()) {
                    try (Stream<Path> w = Files.walk(p)) {
                        for (Path q : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
                            Files.delete(q);
                        }
                    }
                }
            }
        }
        int n = 0;
        try (Stream<Path> s = Files.walk(staging)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Path to = table.resolve(staging.relativize(p));
                Files.createDirectories(to.getParent());
                Files.move(p, to, StandardCopyOption.ATOMIC_MOVE);
                n++;
            }
        }
        return new CommitResult(1, n, 0);
    }

    @Override
    public void close() {
    }
}
