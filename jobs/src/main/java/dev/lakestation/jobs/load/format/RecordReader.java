package dev.lakestation.jobs.load.format;

/** STUB (replaced by the formats branch). */
public interface RecordReader extends java.io.Closeable {
    java.util.List<String> inputColumns();

    RawRecord next() throws java.io.IOException;
}
