package dev.lakestation.jobs.load.format;

/** STUB (replaced by the formats branch). */
public final class RawRecord {
    public String path;
    public long splitStart;
    public long line;
    public long offset;
    public String[] fields;
    public String text;
    public java.util.Map<String, Object> tree;
    public String error;
    public String rawText;
}
