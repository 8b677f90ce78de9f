package dev.lakestation.schema.types;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * String → number casts with the semantics Starlake gets from Spark's non-ANSI {@code CAST(str AS type)}:
 * surrounding whitespace is ignored, a leading {@code +} or {@code -} is allowed, a fractional part is
 * truncated for integral types, and overflow or garbage gives "not convertible" (Spark's null).
 */
public final class SparkCasts {

    private SparkCasts() {
    }

    /**
     * Parses an integral value in {@code [min, max]} like Spark's {@code UTF8String.toLong}: optional sign,
     * digits, optional {@code .digits} that is dropped. Returns null when not convertible.
     */
    public static Long parseIntegral(String s, long min, long max) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && s.charAt(end - 1) <= ' ') {
            end--;
        }
        if (start == end) {
            return null;
        }
        boolean negative = false;
        char first = s.charAt(start);
        if (first == '-' || first == '+') {
            negative = first == '-';
            start++;
            if (start == end) {
                return null;
            }
        }
        // accumulate negatively so that Long.MIN_VALUE fits
        long result = 0;
        int i = start;
        boolean digits = false;
        for (; i < end; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                break;
            }
            if (c < '0' || c > '9') {
                return null;
            }
            digits = true;
            int d = c - '0';
            if (result < (Long.MIN_VALUE + d) / 10) {
                return null;
            }
            result = result * 10 - d;
        }
        if (i < end) { // fractional part: digits only, truncated
            for (i++; i < end; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
            }
        }
        if (!digits) {
            return null;
        }
        if (!negative) {
            if (result == Long.MIN_VALUE) {
                return null;
            }
            result = -result;
        }
        if (result < min || result > max) {
            return null;
        }
        return result;
    }

    private static final BigDecimal NOT_FITTING = new BigDecimal("0.0");
    private static final long[] POW10 = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
        1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L
    };

    /**
     * Allocation-light path for plain decimals ({@code -123.45}) whose scaled value fits in 18 digits: same
     * result as {@code new BigDecimal(s).setScale(scale, HALF_UP)} plus the precision check. Returns null when
     * the text is not in that form, {@link #NOT_FITTING} when it overflows the precision.
     */
    private static BigDecimal fastDecimal(String s, int precision, int scale) {
        int n = s.length();
        if (n == 0 || scale > 18) {
            return null;
        }
        int i = 0;
        boolean negative = false;
        char c0 = s.charAt(0);
        if (c0 == '-' || c0 == '+') {
            negative = c0 == '-';
            i = 1;
        }
        long intPart = 0;
        int intDigits = 0;
        int digitsSeen = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                break;
            }
            if (c < '0' || c > '9') {
                return null;
            }
            digitsSeen++;
            if (intDigits > 0 || c != '0') {
                if (++intDigits + scale > 18) {
                    return null;
                }
                intPart = intPart * 10 + (c - '0');
            }
        }
        long fraction = 0;
        int fractionDigits = 0;
        boolean roundUp = false;
        if (i < n) { // at the dot
            i++;
            if (i == n) {
                return null; // "5." : leave odd forms to BigDecimal
            }
            for (; i < n; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                digitsSeen++;
                if (fractionDigits < scale) {
                    fraction = fraction * 10 + (c - '0');
                    fractionDigits++;
                } else if (fractionDigits == scale) {
                    roundUp = c >= '5';
                    fractionDigits++;
                }
            }
        }
        if (digitsSeen == 0) {
            return null;
        }
        int kept = Math.min(fractionDigits, scale);
        long unscaled = intPart * POW10[scale] + fraction * POW10[scale - kept];
        if (roundUp) {
            unscaled++;
        }
        if (unscaled >= POW10[Math.min(precision, 18)] && precision < 19) {
            return NOT_FITTING;
        }
        return BigDecimal.valueOf(negative ? -unscaled : unscaled, scale);
    }

    /** Spark's cast to {@code decimal(precision, scale)}: HALF_UP rounding, null on precision overflow. */
    public static BigDecimal parseDecimal(String s, int precision, int scale) {
        BigDecimal fast = fastDecimal(s, precision, scale);
        if (fast != null) {
            return fast == NOT_FITTING ? null : fast;
        }
        BigDecimal d;
        try {
            d = new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
        BigDecimal scaled = d.setScale(scale, RoundingMode.HALF_UP);
        if (scaled.precision() > precision && scaled.signum() != 0) {
            return null;
        }
        return scaled;
    }
}
