package dev.lakestation.jobs.load.format;

/** STUB (replaced by the formats branch). */
public class MalformedInputFileException extends java.io.IOException {
    public MalformedInputFileException(String m) {
        super(m);
    }
}
