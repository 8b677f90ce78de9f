package dev.lakestation.jobs.load.format;

import java.io.IOException;

/**
 * A whole input file is unreadable in its format (malformed JSON or XML document): Starlake fails the whole
 * file ("Invalid JSON File") instead of rejecting one record. The message names the file, line, column and
 * byte offset.
 */
public class MalformedInputFileException extends IOException {
    private final String path;
    private final long line;
    private final long offset;

    /**
     * @param path   the file
     * @param line   1-based line, or -1 when unknown
     * @param column 1-based column, or -1 when unknown
     * @param offset byte (or character, see formats.md) offset, or -1 when unknown
     * @param what   what is wrong, e.g. "Invalid JSON File: Unexpected end-of-input"
     */
    public MalformedInputFileException(String path, long line, long column, long offset, String what,
                                       Throwable cause) {
        super(path + ":" + line + (column > 0 ? ":" + column : "") + " (offset " + offset + "): " + what, cause);
        this.path = path;
        this.line = line;
        this.offset = offset;
    }

    public String path() {
        return path;
    }

    public long line() {
        return line;
    }

    public long offset() {
        return offset;
    }
}
