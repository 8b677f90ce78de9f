package dev.lakestation.schema.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SparkCastsTest {

    private static BigDecimal reference(String s, int precision, int scale) {
        BigDecimal d = new BigDecimal(s.trim()).setScale(scale, RoundingMode.HALF_UP);
        return d.precision() > precision && d.signum() != 0 ? null : d;
    }

    @Test
    void decimalFastPathEqualsBigDecimal() {
        Random rnd = new Random(7);
        int[][] ps = {{38, 9}, {10, 2}, {5, 0}, {18, 18}, {4, 4}, {12, 3}};
        for (int k = 0; k < 20_000; k++) {
            int[] p = ps[k % ps.length];
            StringBuilder sb = new StringBuilder();
            if (rnd.nextInt(4) == 0) {
                sb.append(rnd.nextBoolean() ? '-' : '+');
            }
            int intDigits = rnd.nextInt(12);
            for (int i = 0; i < intDigits; i++) {
                sb.append((char) ('0' + rnd.nextInt(10)));
            }
            if (intDigits == 0 || rnd.nextBoolean()) {
                sb.append('.');
                int frac = 1 + rnd.nextInt(12);
                for (int i = 0; i < frac; i++) {
                    sb.append((char) ('0' + rnd.nextInt(10)));
                }
            }
            String s = sb.toString();
            assertThat(SparkCasts.parseDecimal(s, p[0], p[1])).as(s + " " + p[0] + "," + p[1])
                    .isEqualTo(reference(s, p[0], p[1]));
        }
        assertThat(SparkCasts.parseDecimal("0.999", 3, 2)).isEqualTo(new BigDecimal("1.00"));
        assertThat(SparkCasts.parseDecimal("9.995", 3, 2)).isNull(); // rounds to 10.00: 4 digits
        assertThat(SparkCasts.parseDecimal("-0.005", 3, 2)).isEqualTo(new BigDecimal("-0.01"));
        assertThat(SparkCasts.parseDecimal(" 1.5 ", 38, 9)).isEqualTo(new BigDecimal("1.500000000"));
    }

    @Test
    void integralCastsLikeSpark() {
        assertThat(SparkCasts.parseIntegral("+12", Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(12L);
        assertThat(SparkCasts.parseIntegral(" -9223372036854775808 ", Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(Long.MIN_VALUE);
        assertThat(SparkCasts.parseIntegral("9223372036854775808", Long.MIN_VALUE, Long.MAX_VALUE)).isNull();
        assertThat(SparkCasts.parseIntegral("12.9", Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(12L);
        assertThat(SparkCasts.parseIntegral("1a", Long.MIN_VALUE, Long.MAX_VALUE)).isNull();
        assertThat(SparkCasts.parseIntegral("", Long.MIN_VALUE, Long.MAX_VALUE)).isNull();
        assertThat(SparkCasts.parseIntegral("128", Byte.MIN_VALUE, Byte.MAX_VALUE)).isNull();
    }
}
