package dev.lakestation.jobs.cli;

import java.io.PrintWriter;
import java.util.List;

/** A plain aligned table for terminal output: first row is the header; numeric columns right-aligned. */
final class TextTable {
    private TextTable() {
    }

    /** Prints {@code rows}; columns from {@code firstNumeric} on are right-aligned. */
    static void print(PrintWriter out, List<String[]> rows, int firstNumeric, int columns) {
        int[] w = new int[columns + 1];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                if (i > 0) {
                    sb.append("  ");
                }
                String pad = " ".repeat(w[i] - r[i].length());
                sb.append(i >= firstNumeric ? pad + r[i] : (i == r.length - 1 ? r[i] : r[i] + pad));
            }
            out.println(sb);
        }
    }
}
