package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.load.TableLoadReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The table printed at the end of a load: one row per table, right-aligned numbers. */
final class SummaryTable {

    private SummaryTable() {
    }

    static void print(PrintWriter out, List<TableLoadReport> reports) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"table", "files", "size", "rows", "accepted", "rejected", "time", "status"});
        for (TableLoadReport r : reports) {
            rows.add(new String[] {r.name(), String.valueOf(r.files().size()), Format.bytes(r.bytes()),
                Format.count(r.count()), Format.count(r.accepted()), Format.count(r.rejected()),
                Format.duration(r.duration()), r.status().name()});
        }
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    b.append("  ");
                }
                boolean left = i == 0 || i == row.length - 1;
                String cell = row[i];
                String pad = " ".repeat(width[i] - cell.length());
                b.append(left ? cell + pad : pad + cell);
            }
            out.println(b.toString().stripTrailing());
        }
        out.flush();
    }
}
