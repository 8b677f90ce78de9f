package dev.lakestation.schema.types;

import java.text.ParsePosition;
import java.time.format.DateTimeFormatter;

/** Cheap pre-checks that let parsers reject bad text without paying for an exception. */
final class Formats {

    private Formats() {
    }

    /**
     * True when {@code formatter} can read all of {@code s} (resolution may still fail). When false,
     * {@code formatter.parse(s)} would throw.
     */
    static boolean parsable(DateTimeFormatter formatter, String s) {
        ParsePosition pos = new ParsePosition(0);
        return formatter.parseUnresolved(s, pos) != null && pos.getErrorIndex() < 0 && pos.getIndex() == s.length();
    }

    /** Optional sign then digits only (what Long.parseLong can accept). */
    static boolean looksIntegral(String s) {
        int n = s.length();
        int i = n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
        if (i >= n) {
            return false;
        }
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
