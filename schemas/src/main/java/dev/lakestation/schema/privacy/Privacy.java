package dev.lakestation.schema.privacy;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Starlake's privacy levels ({@code privacy:} of an attribute). The built-in set is Starlake's
 * {@code privacy.options} from reference-general.conf, matched case-insensitively:
 *
 * <table>
 *   <caption>privacy functions</caption>
 *   <tr><th>name</th><th>result</th></tr>
 *   <tr><td>NONE</td><td>the value unchanged</td></tr>
 *   <tr><td>HIDE</td><td>the empty string (Starlake's {@code Hide} without parameters)</td></tr>
 *   <tr><td>HIDE10X</td><td>{@code XXXXXXXXXX} (Starlake's {@code Hide("X",10)})</td></tr>
 *   <tr><td>MD5, SHA1, SHA256, SHA512</td><td>lower-case hex digest of the UTF-8 value</td></tr>
 *   <tr><td>INITIALS</td><td>first letter of each blank-separated word, each followed by a dot: {@code "John Smith"} → {@code "J.S."}</td></tr>
 *   <tr><td>APPROXLONG20</td><td>the number moved randomly by up to ±20%, as a long (Starlake's {@code ApproxLong(20)})</td></tr>
 * </table>
 *
 * <p>{@code sql:<expression>} is not a function: the validator evaluates it with its expression language.
 * AES is not part of Starlake's privacy options (no key configuration exists), so it is not supported.
 *
 * <pre>{@code
 * PrivacyFunction md5 = Privacy.function("MD5").orElseThrow();
 * md5.apply("Europe");  // "912d59cdf1d3f551fae21f6f0062258f"
 * }</pre>
 */
public final class Privacy {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, PrivacyFunction> FUNCTIONS = new TreeMap<>();

    static {
        FUNCTIONS.put("NONE", v -> v);
        FUNCTIONS.put("HIDE", v -> "");
        FUNCTIONS.put("HIDE10X", v -> "XXXXXXXXXX");
        FUNCTIONS.put("MD5", v -> Digests.hex("MD5", v));
        FUNCTIONS.put("SHA1", v -> Digests.hex("SHA-1", v));
        FUNCTIONS.put("SHA256", v -> Digests.hex("SHA-256", v));
        FUNCTIONS.put("SHA512", v -> Digests.hex("SHA-512", v));
        FUNCTIONS.put("INITIALS", Privacy::initials);
        FUNCTIONS.put("APPROXLONG20", v -> Long.toString(approx(Double.parseDouble(v.trim()), 20)));
    }

    private Privacy() {
    }

    /** True for null, blank or {@code NONE}. */
    public static boolean isNone(String privacy) {
        return privacy == null || privacy.isBlank() || "NONE".equalsIgnoreCase(privacy.trim());
    }

    /** True for {@code sql:<expr>} (prefix case-insensitive). */
    public static boolean isSql(String privacy) {
        return privacy != null && privacy.trim().regionMatches(true, 0, "sql:", 0, 4);
    }

    /** The expression of a {@code sql:} privacy. */
    public static String sqlExpression(String privacy) {
        return privacy.trim().substring(4).trim();
    }

    /** The named function, empty when unknown. */
    public static Optional<PrivacyFunction> function(String name) {
        return name == null ? Optional.empty()
                : Optional.ofNullable(FUNCTIONS.get(name.trim().toUpperCase(Locale.ROOT)));
    }

    /** Names accepted by {@link #function}, for messages. */
    public static String names() {
        return String.join(", ", FUNCTIONS.keySet());
    }

    /** Starlake's {@code Initials}: {@code s.split("\\s+").map(_.substring(0, 1)).mkString("", ".", ".")}. */
    static String initials(String s) {
        String[] words = s.split("\\s+");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(words[i].isEmpty() ? "" : words[i].substring(0, 1));
        }
        return sb.append('.').toString();
    }

    private static long approx(double value, int percent) {
        double distance = value * percent * RANDOM.nextDouble() / 100;
        return (long) (RANDOM.nextBoolean() ? value - distance : value + distance);
    }
}
