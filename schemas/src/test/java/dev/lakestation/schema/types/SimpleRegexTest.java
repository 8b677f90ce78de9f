package dev.lakestation.schema.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The fast matcher must give exactly the JDK's "first match at 0 spans the value" answer. */
class SimpleRegexTest {

    static final String[] PATTERNS = {
        "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,6}",
        "[a-z0-9_-]{3,15}",
        "([01]?[0-9]|2[0-3]):[0-5][0-9]", // unsupported (groups): must compile to null
        "[01]?[0-9]:[0-5][0-9]",
        "-?\\d+",
        "[-|\\+|0-9][0-9]*",
        "[-+]?\\d*\\.?\\d+[Ee]?[-+]?\\d*",
        ".",
        ".*CONTAINS.*",
        "a+ab?",
        "a*a*b",
        "\\w+\\s\\w+",
        "[^abc]+x",
        "\\D\\d{2,}\\S?",
        "x{3}",
        "ab{0,2}c",
        "[a-c]*[b-d]+c",
        // groups, plain or optional (greedy: the JDK's branch "group, else nothing", with backtracking into it)
        "-?\\d+(\\.\\d+)?",
        "[0-9]+(\\.[0-9]{1,2})?",
        "a(b+c)?b",
        "(a*)?a",
        "(ab)c",
        "x(y(z)?)?z",
        "(a+)?ab",
        "()a",
    };

    /** The one entry of {@link #PATTERNS} outside the subset. */
    static final String ALTERNATION = "([01]?[0-9]|2[0-3]):[0-5][0-9]";

    @Test
    void agreesWithTheJdkOnRandomValues() {
        Random rnd = new Random(11);
        String alphabet = "abcdxyz0129.-+@:_ \nCONTAINSEe";
        String numeric = "0123456789.-abcz";
        int compiled = 0;
        for (String p : PATTERNS) {
            SimpleRegex simple = SimpleRegex.compile(p);
            if (p.equals(ALTERNATION)) {
                assertThat(simple).as(p).isNull();
                continue;
            }
            assertThat(simple).as(p).isNotNull();
            compiled++;
            Pattern jdk = Pattern.compile("(?s)" + p);
            for (int k = 0; k < 20_000; k++) {
                int len = rnd.nextInt(12);
                StringBuilder sb = new StringBuilder();
                String chars = k % 3 == 0 ? numeric : alphabet; // numeric: decimals like "-12.5" match often
                for (int i = 0; i < len; i++) {
                    sb.append(chars.charAt(rnd.nextInt(chars.length())));
                }
                String s = k % 50 == 0 ? "me@company.com" : sb.toString();
                Matcher m = jdk.matcher(s);
                boolean expected = m.find() && m.end() - m.start() == s.length();
                assertThat(simple.spansWhole(s)).as("%s on \"%s\"", p, s).isEqualTo(expected);
            }
        }
        assertThat(compiled).isEqualTo(PATTERNS.length - 1);
    }

    @Test
    void leavesUnsupportedSyntaxAndNonAsciiToTheJdk() {
        for (String p : new String[] {"a|b", "(ab)+", "^a", "a$", "a+?", "a++", "\\p{L}+", "[]a]", "[a&&b]", "é+", "\\bx",
                "(a)*", "(a)+", "(a){2}", "(a)??", "(a)?+", "(?:a)b", "(a|b)?", "(a", "a)", "((a)"}) {
            assertThat(SimpleRegex.compile(p)).as(p).isNull();
        }
        assertThat(SimpleRegex.compile(".+").spansWhole("héllo")).isNull();
        SlType t = SlType.of("any", PrimitiveType.STRING, "[a-z]+", null);
        assertThat(t.accepts("héllo")).isFalse();
        assertThat(SlType.of("dot", PrimitiveType.STRING, ".+", null).accepts("héllo")).isTrue();
    }
}
