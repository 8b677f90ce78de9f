package dev.lakestation.schema.model;

/**
 * Character range of a POSITION (fixed-width) attribute: {@code first} is a 0-based start offset and {@code last}
 * a 0-based <em>inclusive</em> end offset, as in Starlake. {@code new Position(3, 7).length() == 5}.
 */
public record Position(int first, int last) implements java.io.Serializable {
    /** Number of characters covered. */
    public int length() {
        return last - first + 1;
    }
}
