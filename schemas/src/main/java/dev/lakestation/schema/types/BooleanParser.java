package dev.lakestation.schema.types;

import java.util.regex.Pattern;

/**
 * {@code true-regex<-TF->false-regex}: the trimmed value must match one side entirely (DOTALL).
 */
final class BooleanParser implements ValueParser {

    static final String SEPARATOR = "<-TF->";
    private static final String DEFAULT = "(?i)true|yes|[y1]|t<-TF->(?i)false|no|[n0]|f";

    private final Pattern truePattern;
    private final Pattern falsePattern;
    private final boolean defaultPattern;

    BooleanParser(String pattern) {
        int idx = pattern.indexOf(SEPARATOR);
        if (idx < 0) {
            throw new IllegalArgumentException("Boolean pattern must have '" + SEPARATOR
                    + "' between the true and the false regex, got `" + pattern + "`");
        }
        String[] parts = pattern.split(SEPARATOR, -1);
        this.truePattern = Pattern.compile(parts[0], Pattern.DOTALL);
        this.falsePattern = Pattern.compile(parts.length > 1 ? parts[1] : "", Pattern.DOTALL);
        this.defaultPattern = DEFAULT.equals(pattern);
    }

    private static boolean asciiIgnoreCase(String s, String lower) {
        if (s.length() != lower.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Object parse(String raw) {
        String s = raw.trim();
        if (defaultPattern) {
            // the default regexes, spelled out: (?i) is ASCII-only case-insensitivity
            if (asciiIgnoreCase(s, "true") || asciiIgnoreCase(s, "yes") || asciiIgnoreCase(s, "y")
                    || s.equals("1") || asciiIgnoreCase(s, "t")) {
                return Boolean.TRUE;
            }
            if (asciiIgnoreCase(s, "false") || asciiIgnoreCase(s, "no") || asciiIgnoreCase(s, "n")
                    || s.equals("0") || asciiIgnoreCase(s, "f")) {
                return Boolean.FALSE;
            }
            return SlType.MISMATCH;
        }
        if (truePattern.matcher(s).matches()) {
            return Boolean.TRUE;
        }
        if (falsePattern.matcher(s).matches()) {
            return Boolean.FALSE;
        }
        return SlType.MISMATCH;
    }
}
