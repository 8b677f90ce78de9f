package dev.lakestation.schema.validation;

/** Starlake's per-attribute {@code trim}: which side of a string value loses its whitespace. */
public enum Trim {
    NONE, LEFT, RIGHT, BOTH;

    /** Applies the trim (Spark's trim functions remove spaces only, like {@code ltrim}/{@code rtrim}/{@code trim}). */
    public String apply(String s) {
        if (s == null || this == NONE) {
            return s;
        }
        int start = 0;
        int end = s.length();
        if (this == LEFT || this == BOTH) {
            while (start < end && s.charAt(start) == ' ') {
                start++;
            }
        }
        if (this == RIGHT || this == BOTH) {
            while (end > start && s.charAt(end - 1) == ' ') {
                end--;
            }
        }
        return start == 0 && end == s.length() ? s : s.substring(start, end);
    }
}
