package dev.lakestation.benchmarks;

import java.io.PrintStream;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Prints rows as a markdown table, followed by the command line, date and machine. */
public final class ResultTable {
    private ResultTable() {}

    public static void print(List<ResultRow> rows) {
        print(rows, System.out);
    }

    public static void print(List<ResultRow> rows, PrintStream out) {
        out.println();
        out.println("| benchmark | setup | messages × bytes | msgs/s (median) | min – max msgs/s | MB/s | p50 ack µs | p99 ack µs | vs baseline | load avg |");
        out.println("|---|---|---|---:|---:|---:|---:|---:|---:|---|");
        for (ResultRow row : rows) {
            RunResult m = row.median();
            String p50 = m.latencies() == null ? "—" : fmt("%.0f", m.latencies().percentileMicros(50));
            String p99 = m.latencies() == null ? "—" : fmt("%.0f", m.latencies().percentileMicros(99));
            out.println("| " + row.name()
                    + " | " + row.config()
                    + " | " + fmt("%,d × %d", row.messages(), row.size())
                    + " | " + fmt("%,.0f", m.msgsPerSecond())
                    + " | " + fmt("%,.0f – %,.0f", row.min(), row.max())
                    + " | " + fmt("%.1f", m.megabytesPerSecond())
                    + " | " + p50 + " | " + p99
                    + " | " + versus(row, rows)
                    + " | " + row.load() + " |");
        }
        out.println();
        out.println("Command: `" + Machine.commandLine() + "`  ");
        out.println("Date: " + OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                + "  ");
        out.println("Machine: " + Machine.cpu() + ", Java " + Runtime.version() + ", runs per row: "
                + rows.get(0).runs().size() + " (median shown); load avg = 1-min load before → after");
    }

    private static String versus(ResultRow row, List<ResultRow> rows) {
        if (row.baseline() == null) {
            return "—";
        }
        for (ResultRow other : rows) {
            if (other.name().equals(row.baseline())) {
                return fmt("%.0f%% of %s", 100.0 * row.median().msgsPerSecond() / other.median().msgsPerSecond(),
                        other.name());
            }
        }
        return "—";
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
