package dev.lakestation.schema.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every default type with accepted values (and their converted form) and rejected values. */
class DefaultTypesTest {

    private static final TypeCatalog DEFAULTS = TypeCatalog.defaults();

    private static long millis(String isoInstant) {
        return Instant.parse(isoInstant).toEpochMilli();
    }

    private static int days(String isoDate) {
        return (int) LocalDate.parse(isoDate).toEpochDay();
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("string", "Hello World", "Hello World"),
                Arguments.of("string", "", ""),
                Arguments.of("string", "multi\nline", "multi\nline"),
                Arguments.of("variant", "\"Hello World\"", "\"Hello World\""),
                Arguments.of("int", "1234", 1234L),
                Arguments.of("int", "-12", -12L),
                Arguments.of("int", "+7", 7L),
                Arguments.of("integer", "0042", 42L),
                Arguments.of("long", "-64564", -64564L),
                Arguments.of("long", "9223372036854775807", Long.MAX_VALUE),
                Arguments.of("short", "564", 564),
                Arguments.of("short", "-32768", -32768),
                Arguments.of("byte", "x", (int) 'x'),
                Arguments.of("byte", "7", 7),
                Arguments.of("double", "-45.78", -45.78),
                Arguments.of("double", "1e3", 1000.0),
                Arguments.of("double", ".5", 0.5),
                Arguments.of("double", " 2.5 ", 2.5),
                Arguments.of("double", "12345678901234567890.5", 12345678901234567890.5),
                Arguments.of("decimal", "-45.787686786876", new BigDecimal("-45.787686787")),
                Arguments.of("decimal", "3.225637256372", new BigDecimal("3.225637256")),
                Arguments.of("decimal", "1782.260000", new BigDecimal("1782.260000000")),
                Arguments.of("decimal", "1E3", new BigDecimal("1000.000000000")),
                Arguments.of("boolean", "TruE", true),
                Arguments.of("boolean", "yes", true),
                Arguments.of("boolean", "Y", true),
                Arguments.of("boolean", "1", true),
                Arguments.of("boolean", "t", true),
                Arguments.of("boolean", "false", false),
                Arguments.of("boolean", "NO", false),
                Arguments.of("boolean", "0", false),
                Arguments.of("boolean", " f ", false),
                Arguments.of("date", "2018-07-21", days("2018-07-21")),
                Arguments.of("date", "2019-02-29", days("2019-02-28")), // SMART resolver clamps, like Starlake
                Arguments.of("date", " 2018-07-21 ", days("2018-07-21")),
                Arguments.of("timestamp", "2019-12-31 23:59:02", millis("2019-12-31T23:59:02Z")),
                // Starlake's last resort (lenient SimpleDateFormat) ignores trailing text: the milliseconds are dropped
                Arguments.of("timestamp", "2019-12-31 23:59:02.123", millis("2019-12-31T23:59:02Z")),
                Arguments.of("basic_iso_date", "20111203", millis("2011-12-03T00:00:00Z")),
                Arguments.of("iso_local_date", "2011-12-03", millis("2011-12-03T00:00:00Z")),
                Arguments.of("iso_offset_date", "2011-12-03+02:00", millis("2011-12-02T22:00:00Z")),
                Arguments.of("iso_date", "2011-12-03+02:00", millis("2011-12-02T22:00:00Z")),
                Arguments.of("iso_date", "2011-12-03", millis("2011-12-03T00:00:00Z")),
                Arguments.of("iso_local_date_time", "2011-12-03T10:15:30", millis("2011-12-03T10:15:30Z")),
                Arguments.of("iso_offset_date_time", "2011-12-03T10:15:30+01:00", millis("2011-12-03T09:15:30Z")),
                Arguments.of("iso_zoned_date_time", "2011-12-03T10:15:30+01:00[Europe/Paris]", millis("2011-12-03T09:15:30Z")),
                Arguments.of("iso_date_time", "2011-12-03T10:15:30+01:00[Europe/Paris]", millis("2011-12-03T09:15:30Z")),
                Arguments.of("iso_date_time", "2011-12-03T10:15:30", millis("2011-12-03T10:15:30Z")),
                Arguments.of("iso_ordinal_date", "2012-337", millis("2012-12-02T00:00:00Z")),
                Arguments.of("iso_week_date", "2012-W48-6", millis("2012-12-01T00:00:00Z")),
                Arguments.of("iso_instant", "2011-12-03T10:15:30Z", millis("2011-12-03T10:15:30Z")),
                Arguments.of("rfc_1123_date_time", "Tue, 3 Jun 2008 11:05:30 GMT", millis("2008-06-03T11:05:30Z")));
    }

    @ParameterizedTest(name = "{0} accepts \"{1}\"")
    @MethodSource("accepted")
    void acceptsAndConverts(String type, String value, Object expected) {
        Object parsed = DEFAULTS.find(type).orElseThrow().parse(value);
        assertThat(parsed).isEqualTo(expected);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("variant", "", SlType.MISMATCH),
                Arguments.of("int", "12a", SlType.MISMATCH),
                Arguments.of("int", "a", SlType.MISMATCH),
                Arguments.of("int", "9223372036854775808", SlType.NOT_CONVERTIBLE),
                Arguments.of("int", "|5", SlType.NOT_CONVERTIBLE), // '|' passes Starlake's int regex, not the cast
                Arguments.of("int", "-", SlType.NOT_CONVERTIBLE),
                Arguments.of("integer", "1.5", SlType.MISMATCH),
                Arguments.of("long", "a10", SlType.MISMATCH),
                Arguments.of("long", "+5", SlType.MISMATCH),
                Arguments.of("long", "1 ", SlType.MISMATCH),
                Arguments.of("short", "+", SlType.MISMATCH),
                Arguments.of("short", "40000", SlType.NOT_CONVERTIBLE),
                Arguments.of("byte", "more than one byte", SlType.MISMATCH),
                Arguments.of("byte", "", SlType.MISMATCH),
                Arguments.of("double", "12,5", SlType.MISMATCH),
                Arguments.of("double", "abc", SlType.MISMATCH),
                Arguments.of("decimal", "012.5F-5", SlType.MISMATCH),
                Arguments.of("decimal", "5.", SlType.MISMATCH),
                Arguments.of("decimal", "123456789012345678901234567890.5", SlType.NOT_CONVERTIBLE), // > 29 integer digits
                Arguments.of("boolean", "vrai", SlType.MISMATCH),
                Arguments.of("boolean", "x", SlType.MISMATCH),
                Arguments.of("date", "2023-13-27", SlType.MISMATCH),
                Arguments.of("date", "21.07.2018", SlType.MISMATCH),
                Arguments.of("timestamp", "2019-12-31", SlType.MISMATCH),
                Arguments.of("timestamp", "yesterday", SlType.MISMATCH),
                Arguments.of("basic_iso_date", "2011-12-03", SlType.MISMATCH),
                Arguments.of("iso_local_date_time", "2011-12-03 10:15:30", SlType.MISMATCH),
                Arguments.of("iso_offset_date_time", "2011-12-03T10:15:30", SlType.MISMATCH),
                Arguments.of("iso_date_time", "2011-12-03 10:15:30+01:00", SlType.MISMATCH),
                Arguments.of("iso_instant", "2011-12-03T10:15:30", SlType.MISMATCH),
                Arguments.of("rfc_1123_date_time", "2008-06-03T11:05:30Z", SlType.MISMATCH),
                Arguments.of("iso_local_date", "03/12/2011", SlType.MISMATCH),
                Arguments.of("iso_date", "2011-12-03T10:15", SlType.MISMATCH),
                Arguments.of("iso_offset_date", "2011-12-03 +02:00", SlType.MISMATCH),
                Arguments.of("iso_zoned_date_time", "2011-12-03T10:15:30[Mars/Olympus]", SlType.MISMATCH),
                Arguments.of("iso_ordinal_date", "2012-400", SlType.MISMATCH),
                Arguments.of("iso_week_date", "2012-W60-6", SlType.MISMATCH));
    }

    /** Every type of Starlake's default catalogue has accepted examples above, and rejected ones except string. */
    @Test
    void everyDefaultTypeHasAcceptedAndRejectedExamples() {
        java.util.Set<Object> accepted = new java.util.HashSet<>();
        accepted().forEach(a -> accepted.add(a.get()[0]));
        java.util.Set<Object> rejected = new java.util.HashSet<>();
        rejected().forEach(a -> rejected.add(a.get()[0]));
        for (SlType t : DEFAULTS.types()) {
            assertThat(accepted).as("accepted example for " + t.name()).contains(t.name());
            if (!t.name().equals("string")) { // `.*` is never checked by Starlake: a string cannot be rejected
                assertThat(rejected).as("rejected example for " + t.name()).contains(t.name());
            }
        }
    }

    @ParameterizedTest(name = "{0} rejects \"{1}\"")
    @MethodSource("rejected")
    void rejects(String type, String value, Object marker) {
        assertThat(DEFAULTS.find(type).orElseThrow().parse(value)).isSameAs(marker);
    }

    @Test
    void epochSecondsAndMillisGiveTheSameInstant() {
        TypeCatalog test = DEFAULTS.withTypes(TypeCatalog.parse(
                java.nio.file.Path.of("src/test/resources/starlake-samples/types/test-types.sl.yml")).types());
        Object seconds = test.find("epoch_second").orElseThrow().parse("1631562189");
        Object millis = test.find("epoch_milli").orElseThrow().parse("1631562189000");
        assertThat(seconds).isEqualTo(millis).isEqualTo(1631562189000L);
        assertThat(test.find("epoch_milli").orElseThrow().parse("1631562192")).isEqualTo(1631562192L); // 1970-01-19
        assertThat(test.find("epoch_second").orElseThrow().parse("16315621.5")).isSameAs(SlType.MISMATCH);
    }

    @Test
    void fastPathsAgreeWithTheFormatters() {
        SlType date = DEFAULTS.find("date").orElseThrow();
        SlType ts = DEFAULTS.find("timestamp").orElseThrow();
        DateTimeFormatter df = DateTimeFormatter.ofPattern("yyyy-MM-dd");
        DateTimeFormatter tf = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        for (int y : new int[] {1, 1600, 1900, 1969, 1970, 2000, 2023, 2024, 2100, 9999}) {
            for (int m = 1; m <= 12; m++) {
                for (int d = 1; d <= 31; d++) {
                    String s = String.format("%04d-%02d-%02d", y, m, d);
                    int expected = (int) LocalDate.parse(s, df).toEpochDay();
                    assertThat(date.parse(s)).as(s).isEqualTo(expected);
                    String t = s + String.format(" %02d:%02d:%02d", (d * 7) % 24, (d * 13) % 60, (m * 5) % 60);
                    long expectedMillis = LocalDateTime.parse(t, tf).toInstant(ZoneOffset.UTC).toEpochMilli();
                    assertThat(ts.parse(t)).as(t).isEqualTo(expectedMillis);
                }
            }
        }
    }

    @Test
    void userTypesWithZoneLocaleAndPrecision() {
        SlType frDouble = SlType.of("double_fr", PrimitiveType.DOUBLE, "[-+]?\\d*,?\\d+", "fr_FR");
        assertThat(frDouble.parse("1,5")).isEqualTo(1.5);
        assertThat(frDouble.parse("-1234,25")).isEqualTo(-1234.25);
        assertThat(frDouble.parse("+2,5")).isEqualTo(2.5);
        assertThat(frDouble.parse("1,5abc")).isSameAs(SlType.MISMATCH);

        SlType frDate = SlType.of("date_fr_month", PrimitiveType.DATE, "dd MMMM yyyy", "fr_FR");
        assertThat(frDate.parse("14 JUILLET 2020")).isEqualTo(days("2020-07-14"));
        SlType yearMonth = SlType.of("ym", PrimitiveType.DATE, "yyyy-MM", null);
        assertThat(yearMonth.parse("2020-07")).isEqualTo(days("2020-07-01")); // YearMonth fallback

        SlType paris = SlType.of("ts_paris", PrimitiveType.TIMESTAMP, "yyyy-MM-dd HH:mm:ss", "Europe/Paris");
        assertThat(paris.parse("2020-07-14 12:00:00")).isEqualTo(millis("2020-07-14T10:00:00Z"));
        SlType parisDateOnly = SlType.of("d_paris", PrimitiveType.TIMESTAMP, "yyyy-MM-dd", "Europe/Paris");
        assertThat(parisDateOnly.parse("2020-07-14")).isEqualTo(millis("2020-07-13T22:00:00Z")); // start of day
        SlType offsetParis = SlType.of("o_paris", PrimitiveType.TIMESTAMP, "ISO_OFFSET_DATE_TIME", "Europe/Paris");
        assertThat(offsetParis.parse("2020-01-14T12:00:00+01:00")).isEqualTo(millis("2020-01-14T11:00:00Z"));
        assertThat(offsetParis.parse("2020-01-14T12:00:00+05:00")).isSameAs(SlType.MISMATCH); // incompatible zones

        SlType money = SlType.of("money", PrimitiveType.DECIMAL, "[-+]?\\d*\\.?\\d+", "10,2");
        assertThat(money.precision()).isEqualTo(10);
        assertThat(money.scale()).isEqualTo(2);
        assertThat(money.parse("12.345")).isEqualTo(new BigDecimal("12.35")); // HALF_UP like Spark
        assertThat(money.parse("123456789.5")).isSameAs(SlType.NOT_CONVERTIBLE);

        SlType truthy = SlType.of("oui_non", PrimitiveType.BOOLEAN, "(?i)oui<-TF->(?i)non", null);
        assertThat(truthy.parse("OUI")).isEqualTo(true);
        assertThat(truthy.parse("non")).isEqualTo(false);
        assertThat(truthy.parse("yes")).isSameAs(SlType.MISMATCH);

        SlType primitiveInt = SlType.of("i32", PrimitiveType.INT, "-?\\d+", null);
        assertThat(primitiveInt.parse("2147483647")).isEqualTo(Integer.MAX_VALUE);
        assertThat(primitiveInt.parse("2147483648")).isSameAs(SlType.NOT_CONVERTIBLE);
    }

    @Test
    void defaultBooleanShortcutEqualsItsRegexes() {
        SlType fast = DEFAULTS.find("boolean").orElseThrow();
        SlType regex = SlType.of("b", PrimitiveType.BOOLEAN, "(?i)(?:true|yes|[y1]|t)<-TF->(?i)(?:false|no|[n0]|f)", null);
        for (String v : new String[] {"true", "TRUE", "tRuE", "yes", "YES", "y", "Y", "1", "t", "T", "false", "FALSE",
            "no", "No", "n", "N", "0", "f", "F", "", "2", "tru", "truee", "yess", "nope", "ja", "\u0131", "yeſ", " yes "}) {
            assertThat(fast.parse(v)).as(v).isEqualTo(regex.parse(v));
        }
    }

    @Test
    void regexMustCoverTheWholeValueWithDotAll() {
        SlType keyword = SlType.of("kw", PrimitiveType.STRING, ".*CONTAINS.*", null);
        assertThat(keyword.accepts("multi\nline CONTAINS\nthis")).isTrue(); // (?s) prepended
        assertThat(keyword.accepts("string value\nthis is not the expected keyword: MISSING")).isFalse();
        SlType ownFlags = SlType.of("upper", PrimitiveType.STRING, "(?i)[a-z]+", null);
        assertThat(ownFlags.accepts("ABC")).isTrue();
        assertThat(ownFlags.accepts("ABC1")).isFalse();
        // Starlake checks the first match found spans the value: "a" is found before "ab"
        SlType alternation = SlType.of("alt", PrimitiveType.STRING, "a|ab", null);
        assertThat(alternation.accepts("ab")).isFalse();
        assertThat(alternation.accepts("a")).isTrue();
    }
}
