package dev.lakestation.jobs.table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** STUB (replaced by the table branch): no versions, no lock. */
public final class TableStore {
    private final Path datasets;

    private TableStore(Path datasets) {
        this.datasets = datasets;
    }

    public static TableStore of(Path datasets) {
        return new TableStore(datasets);
    }

    public TableTransaction begin(String domain, String table, String runId, Duration lockWait) throws IOException {
        Path staging = datasets.resolve("warehouse/.staging").resolve(domain).resolve(table).resolve(runId);
        Files.createDirectories(staging);
        return new TableTransaction(datasets.resolve("warehouse").resolve(domain).resolve(table), staging);
    }
}
