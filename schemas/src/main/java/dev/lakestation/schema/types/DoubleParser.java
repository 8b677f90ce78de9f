package dev.lakestation.schema.types;

import java.text.DecimalFormat;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Locale;

/**
 * Doubles: like Starlake, the check is "the value parses" (the type's regex is only shown in messages).
 * Without a locale: {@link Double#parseDouble} of the trimmed value. With a locale ({@code zone: fr_FR}):
 * the locale's {@link NumberFormat}, which must consume the whole trimmed value.
 */
final class DoubleParser implements ValueParser {

    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };

    private final ThreadLocal<DecimalFormat> localeFormat;

    DoubleParser(Locale locale) {
        if (locale == null) {
            this.localeFormat = null;
        } else {
            NumberFormat nf = NumberFormat.getNumberInstance(locale);
            if (!(nf instanceof DecimalFormat)) {
                throw new IllegalArgumentException("no decimal number format for locale " + locale);
            }
            DecimalFormat prototype = (DecimalFormat) nf;
            // DecimalFormat is not thread-safe: one clone per thread, built once
            this.localeFormat = ThreadLocal.withInitial(() -> (DecimalFormat) prototype.clone());
        }
    }

    @Override
    public Object parse(String raw) {
        String s = raw.trim();
        if (s.isEmpty()) {
            return SlType.MISMATCH;
        }
        if (localeFormat == null) {
            double fast = fastParse(s);
            if (!Double.isNaN(fast)) {
                return fast;
            }
            char c = s.charAt(0);
            if (!(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'N' || c == 'I')) {
                return SlType.MISMATCH; // cannot be a Java double literal: skip the exception
            }
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return SlType.MISMATCH;
            }
        }
        String body = s.charAt(0) == '+' ? s.substring(1) : s;
        ParsePosition pos = new ParsePosition(0);
        Number n = localeFormat.get().parse(body, pos);
        if (n == null || pos.getIndex() != body.length() || pos.getErrorIndex() >= 0) {
            return SlType.MISMATCH;
        }
        return n.doubleValue();
    }

    /**
     * Exact fast path for plain decimals ({@code -12.345}) with at most 15 significant digits: both the
     * integer mantissa and the power of ten are exact doubles, so one division rounds correctly.
     * Returns NaN when the value is not in that form (then {@link Double#parseDouble} decides).
     */
    static double fastParse(String s) {
        int n = s.length();
        int i = 0;
        boolean negative = false;
        char c0 = s.charAt(0);
        if (c0 == '-' || c0 == '+') {
            negative = c0 == '-';
            i = 1;
        }
        long mantissa = 0;
        int digits = 0;
        int fraction = -1;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (fraction >= 0) {
                    return Double.NaN;
                }
                fraction = 0;
                continue;
            }
            if (c < '0' || c > '9') {
                return Double.NaN;
            }
            if (++digits > 15) {
                return Double.NaN;
            }
            mantissa = mantissa * 10 + (c - '0');
            if (fraction >= 0) {
                fraction++;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        double v = fraction > 0 ? mantissa / POW10[fraction] : (double) mantissa;
        return negative ? -v : v;
    }
}
