package dev.lakestation.jobs.load.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static dev.lakestation.jobs.load.format.FormatTestSupport.dsv;
import static dev.lakestation.jobs.load.format.FormatTestSupport.flink;
import static dev.lakestation.jobs.load.format.FormatTestSupport.position;
import static dev.lakestation.jobs.load.format.FormatTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * For random files and random split points, the records of all splits, in order, are exactly the records of a
 * whole-file read: same values, same offsets, same absolute lines (split line + LineIndex.linesBefore).
 */
class SplitPropertyTest {
    @TempDir
    Path dir;

    @Test
    void dsvSplitsReadEveryLineExactlyOnce() throws Exception {
        Random rnd = new Random(42);
        for (int round = 0; round < 150; round++) {
            boolean header = rnd.nextBoolean();
            int skip = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(2) : 0;
            String sep = rnd.nextBoolean() ? ";" : "::";
            byte[] content = randomDsv(rnd, sep, header, skip);
            Path f = dir.resolve("r" + round + ".csv");
            Files.write(f, content);
            FormatSpec spec = dsv(sep, header, "UTF-8", false, skip, "");
            assertThat(spec.splittable(f.toString())).isTrue();
            check(spec, f, content.length, rnd, round);
        }
    }

    @Test
    void positionSplitsReadEveryLineExactlyOnce() throws Exception {
        Random rnd = new Random(7);
        for (int round = 0; round < 100; round++) {
            StringBuilder sb = new StringBuilder();
            int lines = rnd.nextInt(30);
            for (int i = 0; i < lines; i++) {
                int len = rnd.nextInt(12);
                for (int k = 0; k < len; k++) {
                    sb.append(rnd.nextInt(10) == 0 ? '\u00e9' : (char) ('A' + rnd.nextInt(26)));
                }
                if (i < lines - 1 || rnd.nextBoolean()) {
                    sb.append(rnd.nextBoolean() ? "\n" : "\r\n");
                }
            }
            byte[] content = sb.toString().getBytes(StandardCharsets.UTF_8);
            Path f = dir.resolve("p" + round + ".txt");
            Files.write(f, content);
            check(position("UTF-8"), f, content.length, rnd, round);
        }
    }

    private void check(FormatSpec spec, Path f, long length, Random rnd, int round) throws Exception {
        List<RawRecord> whole = readAll(spec, f);
        List<String> expected = new ArrayList<>();
        for (RawRecord r : whole) {
            expected.add(describe(r, r.line));
        }
        for (int trial = 0; trial < 6; trial++) {
            TreeSet<Long> cuts = new TreeSet<>();
            int n = rnd.nextInt(6);
            for (int k = 0; k < n && length > 1; k++) {
                cuts.add(1 + (long) rnd.nextInt((int) length));
            }
            if (trial == 0 && length > 2) {     // every single byte position as a split boundary
                for (long p = 1; p < length; p++) {
                    cuts.add(p);
                }
            }
            List<Long> bounds = new ArrayList<>();
            bounds.add(0L);
            bounds.addAll(cuts);
            bounds.add(length);
            List<String> got = new ArrayList<>();
            List<String> header = null;
            for (int s = 0; s + 1 < bounds.size(); s++) {
                long start = bounds.get(s);
                long end = s + 2 == bounds.size() ? Long.MAX_VALUE : bounds.get(s + 1);
                try (RecordReader r = Readers.open(spec, flink(f), start, end)) {
                    if (s == 0) {
                        header = r.inputColumns();
                    } else {
                        assertThat(r.inputColumns()).as("header in split %d", s).isEqualTo(header);
                    }
                    for (RawRecord rec; (rec = r.next()) != null; ) {
                        assertThat(rec.splitStart).isEqualTo(start);
                        assertThat(rec.offset).isGreaterThanOrEqualTo(start).isLessThan(end);
                        long abs = rec.line + (start == 0 ? 0 : LineIndex.linesBefore(flink(f), start));
                        got.add(describe(rec, abs));
                    }
                }
            }
            assertThat(got).as("round %d, splits %s, file %s", round, bounds,
                    new String(Files.readAllBytes(f), StandardCharsets.UTF_8)).isEqualTo(expected);
        }
    }

    private static String describe(RawRecord r, long line) {
        return line + "@" + r.offset + ":" + (r.error != null ? "E " + r.error
                : r.fields != null ? String.join("|", java.util.Arrays.stream(r.fields)
                .map(v -> v == null ? "<null>" : v).toList()) : r.text);
    }

    private static byte[] randomDsv(Random rnd, String sep, boolean header, int skip) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < skip; i++) {
            sb.append("skip me ").append(i).append('\n');
        }
        if (header) {
            sb.append("\"a\"").append(sep).append("b").append(sep).append("c\n");
        }
        int lines = rnd.nextInt(25);
        for (int i = 0; i < lines; i++) {
            int kind = rnd.nextInt(12);
            if (kind == 0) {
                sb.append("");                       // blank line
            } else if (kind == 1) {
                sb.append("1").append(sep).append("\"unclosed");
            } else {
                int cols = 1 + rnd.nextInt(4);
                for (int c = 0; c < cols; c++) {
                    if (c > 0) {
                        sb.append(sep);
                    }
                    sb.append(value(rnd, sep));
                }
            }
            if (i < lines - 1 || rnd.nextBoolean()) {
                sb.append(rnd.nextInt(3) == 0 ? "\r\n" : "\n");
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String value(Random rnd, String sep) {
        switch (rnd.nextInt(5)) {
            case 0:
                return "";
            case 1:
                return "\"q" + sep + "x\\\"y\"";
            case 2:
                return "\u00e9t\u00e9" + rnd.nextInt(100);
            default:
                return Integer.toString(rnd.nextInt(100000));
        }
    }
}
