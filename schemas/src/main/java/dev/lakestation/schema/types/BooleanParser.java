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

    @Override
    public Object parse(String raw) {
        String s = raw.trim();
        if (defaultPattern && s.length() == 1) {
            switch (s.charAt(0)) {
                case '1': case 'y': case 'Y': case 't': case 'T':
                    return Boolean.TRUE;
                case '0': case 'n': case 'N': case 'f': case 'F':
                    return Boolean.FALSE;
                default:
                    return SlType.MISMATCH;
            }
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
