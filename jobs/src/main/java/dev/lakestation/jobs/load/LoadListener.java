package dev.lakestation.jobs.load;

/** What a running load tells its caller (the CLI prints it; the coordinator records it). */
public interface LoadListener {

    /** A table's Flink job started on {@code files} input files of {@code bytes} bytes. */
    default void started(String table, int files, long bytes) {
    }

    /** A table's Flink job started reading {@code station}. */
    default void startedStation(String table, String station, boolean bounded) {
    }

    /** Counts so far of the running table load (about once a second). */
    default void progress(String table, long accepted, long rejected, long filtered, long elapsedMillis) {
    }

    default void finished(TableLoadReport report) {
    }

    LoadListener NONE = new LoadListener() {
    };
}
