package dev.lakestation.jobs.load;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of loading one table.
 *
 * @param files    input files (their paths in the ingesting area; archive paths after success)
 * @param bytes    input bytes
 * @param count    records read ({@code accepted + rejected + filtered})
 * @param version  the table version written, -1 when nothing was committed
 * @param message  "success", "<n> invalid records", or why it failed
 * @param event    the dataset event published for a {@link Status#LOADED} table, else null
 */
public record TableLoadReport(String domain, String table, Status status, List<String> files, long bytes, long count,
                              long accepted, long rejected, long filtered, long version, Duration duration,
                              String message, dev.lakestation.jobs.audit.DatasetEvent event) {

    /** How a table load ended. */
    public enum Status {
        /** Committed (possibly with rejected rows). */
        LOADED,
        /** Nothing staged for the table. */
        NO_FILES,
        /** Not committed: the files stay in the ingesting area, the audit row says why. */
        FAILED
    }

    public TableLoadReport {
        files = List.copyOf(files);
    }

    public String name() {
        return domain + "." + table;
    }
}
