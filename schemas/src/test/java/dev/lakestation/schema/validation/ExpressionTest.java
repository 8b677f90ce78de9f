package dev.lakestation.schema.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakestation.schema.types.PrimitiveType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionTest {

    /** Columns: s (string) = "Hello World", n (long) = 7, d (date) = 2024-02-29, x (string) = null, m (decimal) = 2.50 */
    static final Map<String, Integer> SLOTS = Map.of("s", 0, "n", 1, "d", 2, "x", 3, "m", 4);
    static final PrimitiveType[] TYPES = {PrimitiveType.STRING, PrimitiveType.LONG, PrimitiveType.DATE,
        PrimitiveType.STRING, PrimitiveType.DECIMAL};
    static final Object[] ROW = {"Hello World", 7L, (int) LocalDate.of(2024, 2, 29).toEpochDay(), null, new BigDecimal("2.50")};

    static final Expression.Scope SCOPE = parts -> {
        Integer slot = SLOTS.get(parts.get(0).toLowerCase());
        return slot == null || parts.size() > 1 ? null : new Expression.ColumnRef(slot, new String[0], TYPES[slot]);
    };

    static final EvalContext CTX = new EvalContext() {
        @Override
        public Object column(int slot) {
            return ROW[slot];
        }

        @Override
        public String inputFileName() {
            return "s3://bucket/in/file_1.csv";
        }

        @Override
        public LocalDate currentDate() {
            return LocalDate.of(2025, 12, 31);
        }

        @Override
        public Instant currentTimestamp() {
            return Instant.parse("2025-12-31T08:09:10Z");
        }
    };

    static Object eval(String e) {
        return Expression.compile(e, SCOPE).evaluate(CTX);
    }

    @Test
    void stringFunctions() {
        assertThat(eval("upper(s)")).isEqualTo("HELLO WORLD");
        assertThat(eval("LOWER(S)")).isEqualTo("hello world");
        assertThat(eval("trim('  a  ')")).isEqualTo("a");
        assertThat(eval("ltrim('  a  ')")).isEqualTo("a  ");
        assertThat(eval("rtrim('  a  ')")).isEqualTo("  a");
        assertThat(eval("length(s)")).isEqualTo(11L);
        assertThat(eval("substring(s, 0, 3)")).isEqualTo("Hel");
        assertThat(eval("substring(s, 1, 3)")).isEqualTo("Hel");
        assertThat(eval("substr(s, 7)")).isEqualTo("World");
        assertThat(eval("substring(s, -5, 2)")).isEqualTo("Wo");
        assertThat(eval("concat(s, '-', n)")).isEqualTo("Hello World-7");
        assertThat(eval("concat(s, x)")).isNull();
        assertThat(eval("concat_ws('/', s, x, n)")).isEqualTo("Hello World/7");
        assertThat(eval("s || '!'")).isEqualTo("Hello World!");
        assertThat(eval("replace(s, 'o', '0')")).isEqualTo("Hell0 W0rld");
        assertThat(eval("regexp_extract(s, '(\\\\w+) (\\\\w+)', 2)")).isEqualTo("World");
        assertThat(eval("regexp_extract(s, 'zz(.)', 1)")).isEqualTo("");
        assertThat(eval("regexp_replace(s, '[aeiou]', '*')")).isEqualTo("H*ll* W*rld");
        assertThat(eval("regexp_extract(sl_input_file_name, '.+\\/(.+)$', 1)")).isEqualTo("file_1.csv");
        assertThat(eval("input_file_name()")).isEqualTo("s3://bucket/in/file_1.csv");
        assertThat(eval("md5('abc')")).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(eval("sha2('abc', 256)")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(eval("sha1('abc')")).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
        assertThat(eval("'it''s'")).isEqualTo("it's");
    }

    @Test
    void numbersLogicAndNulls() {
        assertThat(eval("n + 1")).isEqualTo(8L);
        assertThat(eval("n * 2 - 4 / 2")).isEqualTo(12.0);
        assertThat(eval("n % 4")).isEqualTo(3L);
        assertThat(eval("-n")).isEqualTo(-7L);
        assertThat(eval("m * 2")).isEqualTo(new BigDecimal("5.00"));
        assertThat(eval("n / 0")).isNull();
        assertThat(eval("abs(-3)")).isEqualTo(3L);
        assertThat(eval("round(2.567, 2)")).isEqualTo(2.57);
        assertThat(eval("floor(2.5)")).isEqualTo(2L);
        assertThat(eval("ceil(2.1)")).isEqualTo(3L);
        assertThat(eval("n > 5 AND s LIKE 'Hell%'")).isEqualTo(true);
        assertThat(eval("n BETWEEN 1 AND 6")).isEqualTo(false);
        assertThat(eval("n IN (1, 7)")).isEqualTo(true);
        assertThat(eval("n NOT IN (1, 2)")).isEqualTo(true);
        assertThat(eval("x = 'a'")).isNull();
        assertThat(eval("x = 'a' OR true")).isEqualTo(true);
        assertThat(eval("x = 'a' AND false")).isEqualTo(false);
        assertThat(eval("NOT (n = 7)")).isEqualTo(false);
        assertThat(eval("x IS NULL")).isEqualTo(true);
        assertThat(eval("s IS NOT NULL")).isEqualTo(true);
        assertThat(eval("coalesce(x, s)")).isEqualTo("Hello World");
        assertThat(eval("nvl(x, 'd')")).isEqualTo("d");
        assertThat(eval("nullif(n, 7)")).isNull();
        assertThat(eval("if(n > 3, 'big', 'small')")).isEqualTo("big");
        assertThat(eval("CASE WHEN n < 3 THEN 'a' WHEN n < 10 THEN 'b' ELSE 'c' END")).isEqualTo("b");
        assertThat(eval("case n when 7 then 'seven' end")).isEqualTo("seven");
        assertThat(eval("cast('12' as long) + 1")).isEqualTo(13L);
        assertThat(eval("cast(n as string)")).isEqualTo("7");
        assertThat(eval("cast('2.345' as decimal(5,2))")).isEqualTo(new BigDecimal("2.35"));
        assertThat(eval("cast('x' as int)")).isNull();
        assertThat(eval("cast('yes' as boolean)")).isEqualTo(true);
    }

    @Test
    void dates() {
        assertThat(eval("year(d)")).isEqualTo(2024L);
        assertThat(eval("month(d)")).isEqualTo(2L);
        assertThat(eval("day(d)")).isEqualTo(29L);
        assertThat(eval("dayofmonth(d)")).isEqualTo(29L);
        assertThat(eval("year(current_date())")).isEqualTo(2025L);
        assertThat(eval("month(current_date)")).isEqualTo(12L);
        assertThat(eval("day(current_date())")).isEqualTo(31L);
        assertThat(eval("hour(current_timestamp())")).isEqualTo(8L);
        assertThat(eval("minute(now())")).isEqualTo(9L);
        assertThat(eval("second(current_timestamp)")).isEqualTo(10L);
        assertThat(eval("d > '2024-01-01'")).isEqualTo(true);
        assertThat(eval("to_date('31/12/2020', 'dd/MM/yyyy')")).isEqualTo(LocalDate.of(2020, 12, 31));
        assertThat(eval("to_date('2020-12-31')")).isEqualTo(LocalDate.of(2020, 12, 31));
        assertThat(eval("to_timestamp('2020-12-31 10:00:00')")).isEqualTo(Instant.parse("2020-12-31T10:00:00Z"));
        assertThat(eval("date_format(d, 'yyyy/MM')")).isEqualTo("2024/02");
        assertThat(eval("cast(d as string)")).isEqualTo("2024-02-29");
        assertThat(eval("dayofweek(d)")).isEqualTo(5L); // Thursday, Sunday = 1
    }

    @Test
    void compileErrorsNameTheProblem() {
        assertThatThrownBy(() -> eval("foo(s)")).isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("unknown function `foo` in expression `foo(s)` (supported: abs, ");
        assertThatThrownBy(() -> eval("upper(s, n)")).hasMessage(
                "function `upper` takes 1 argument(s), got 2 in expression `upper(s, n)`");
        assertThatThrownBy(() -> eval("nosuch + 1")).hasMessage("unknown column `nosuch` at offset 0 in expression `nosuch + 1`");
        assertThatThrownBy(() -> eval("s +")).hasMessageContaining("unexpected end of expression");
        assertThatThrownBy(() -> eval("'open")).hasMessageContaining("unclosed string literal");
        assertThatThrownBy(() -> eval("regexp_extract(s, '(', 1)")).hasMessageStartingWith("invalid regex `(`");
        assertThatThrownBy(() -> eval("cast(s as blob)")).hasMessageContaining("unsupported CAST type `blob`");
        assertThat(Expression.compile("sql:upper(s)", SCOPE).evaluate(CTX)).isEqualTo("HELLO WORLD");
        assertThat(List.of(ExprFunctions.names().split(", "))).contains("regexp_extract", "current_date", "md5");
    }
}
