package dev.lakestation.schema.types;

/**
 * Allocation-free parsing of the two default layouts, {@code yyyy-MM-dd} and {@code yyyy-MM-dd HH:mm:ss}.
 * Only the canonical digit layout is handled; anything else (or anything doubtful) returns a "no answer"
 * marker and the caller falls back to the {@link java.time.format.DateTimeFormatter}, so results are
 * identical to the formatter's (ResolverStyle.SMART clamps day 29-31 to the month's last day).
 */
final class DateTimeFast {

    static final long NO_ANSWER = Long.MIN_VALUE;

    private DateTimeFast() {
    }

    private static int digit(String s, int i) {
        char c = s.charAt(i);
        return c >= '0' && c <= '9' ? c - '0' : -1;
    }

    private static int two(String s, int i) {
        int a = digit(s, i);
        int b = digit(s, i + 1);
        return a < 0 || b < 0 ? -1 : a * 10 + b;
    }

    /** Epoch day of {@code yyyy-MM-dd} starting at {@code from} (which must end the 10 chars), or Integer.MIN_VALUE. */
    static int isoDate(String s, int from) {
        if (s.length() < from + 10 || s.charAt(from + 4) != '-' || s.charAt(from + 7) != '-') {
            return Integer.MIN_VALUE;
        }
        int y1 = two(s, from);
        int y2 = two(s, from + 2);
        int month = two(s, from + 5);
        int day = two(s, from + 8);
        if (y1 < 0 || y2 < 0 || month < 1 || month > 12 || day < 1 || day > 31) {
            return Integer.MIN_VALUE;
        }
        int year = y1 * 100 + y2;
        if (year == 0) {
            return Integer.MIN_VALUE;
        }
        int last = lengthOfMonth(year, month);
        if (day > last) {
            day = last; // SMART resolver behaviour
        }
        return (int) epochDay(year, month, day);
    }

    /** Epoch millis (UTC) of {@code yyyy-MM-dd HH:mm:ss}, or {@link #NO_ANSWER}. */
    static long isoDateTimeUtc(String s) {
        if (s.length() != 19 || s.charAt(10) != ' ' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return NO_ANSWER;
        }
        int days = isoDate(s, 0);
        int h = two(s, 11);
        int m = two(s, 14);
        int sec = two(s, 17);
        if (days == Integer.MIN_VALUE || h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59) {
            return NO_ANSWER;
        }
        return ((days * 24L + h) * 60 + m) * 60_000L + sec * 1000L;
    }

    static boolean isLeap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    static int lengthOfMonth(int year, int month) {
        switch (month) {
            case 2:
                return isLeap(year) ? 29 : 28;
            case 4: case 6: case 9: case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** Same algorithm as LocalDate.toEpochDay, without creating the LocalDate. */
    static long epochDay(int year, int month, int day) {
        long y = year;
        long m = month;
        long total = 365 * y;
        if (y >= 0) {
            total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        } else {
            total -= y / -4 - y / -100 + y / -400;
        }
        total += (367 * m - 362) / 12;
        total += day - 1;
        if (m > 2) {
            total--;
            if (!isLeap(year)) {
                total--;
            }
        }
        return total - 719_528; // days from year 0 to 1970
    }
}
