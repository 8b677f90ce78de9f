package dev.lakestation.jobs.transform.dialect;

/**
 * A Spark SQL construct that has no Flink SQL translation, or SQL that Flink's parser rejects; the message reads
 * {@code file:line:column: construct: what to do}.
 */
public final class DialectException extends RuntimeException {

    private final String construct;
    private final String file;
    private final int line;
    private final int column;

    public DialectException(String construct, String file, int line, int column, String detail) {
        super((file == null ? "<sql>" : file) + ":" + line + ":" + column + ": " + construct + ": " + detail);
        this.construct = construct;
        this.file = file;
        this.line = line;
        this.column = column;
    }

    /** The construct, e.g. {@code named_struct} or {@code syntax}. */
    public String construct() {
        return construct;
    }

    /** The task file as given by the caller, or null. */
    public String file() {
        return file;
    }

    /** 1-based line in the task's SQL. */
    public int line() {
        return line;
    }

    /** 1-based column in the task's SQL. */
    public int column() {
        return column;
    }
}
