package dev.lakestation.schema.types;

/**
 * Hand-written recognisers for the default catalogue's regexes. Each one accepts only values the real
 * regex also accepts as a whole-value match, so a {@code false} answer just means "ask the regex".
 */
enum FastMatch {
    /** {@code .*} with {@code (?s)}: every value. */
    ANY {
        @Override
        boolean accepts(String s) {
            return true;
        }
    },
    /** {@code -?\d+} (long, short). */
    SIGNED_DIGITS {
        @Override
        boolean accepts(String s) {
            int n = s.length();
            int i = n > 0 && s.charAt(0) == '-' ? 1 : 0;
            return i < n && digitsOnly(s, i, n);
        }
    },
    /** {@code [-|\+|0-9][0-9]*} (int, integer): first char is a digit, '-', '+' or '|'. */
    INT_LIKE {
        @Override
        boolean accepts(String s) {
            int n = s.length();
            if (n == 0) {
                return false;
            }
            char c = s.charAt(0);
            boolean firstOk = (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '|';
            return firstOk && digitsOnly(s, 1, n);
        }
    },
    /** Sub-language {@code [-+]?(\d+|\d*\.\d+)} of the double/decimal regex {@code [-+]?\d*\.?\d+[Ee]?[-+]?\d*}. */
    PLAIN_NUMBER {
        @Override
        boolean accepts(String s) {
            int n = s.length();
            int i = 0;
            if (n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
                i = 1;
            }
            int dot = -1;
            for (int j = i; j < n; j++) {
                char c = s.charAt(j);
                if (c == '.') {
                    if (dot >= 0) {
                        return false;
                    }
                    dot = j;
                } else if (c < '0' || c > '9') {
                    return false;
                }
            }
            if (dot < 0) {
                return n > i;
            }
            return dot < n - 1; // at least one digit after the dot
        }
    },
    /** No fast path: always defer to the regex. */
    NONE {
        @Override
        boolean accepts(String s) {
            return false;
        }
    };

    abstract boolean accepts(String s);

    static boolean digitsOnly(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The recogniser equivalent to a (user-written, prefix-less) pattern, or {@link #NONE}. */
    static FastMatch forPattern(String pattern) {
        switch (pattern) {
            case ".*":
                return ANY;
            case "-?\\d+":
                return SIGNED_DIGITS;
            case "[-|\\+|0-9][0-9]*":
                return INT_LIKE;
            case "[-+]?\\d*\\.?\\d+[Ee]?[-+]?\\d*":
                return PLAIN_NUMBER;
            default:
                return NONE;
        }
    }
}
