package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.area.AreaException;
import dev.lakestation.jobs.area.StageResult;
import dev.lakestation.jobs.area.Stager;
import dev.lakestation.schema.project.Project;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code lakestation stage}: moves landing files matching a table pattern to {@code datasets/stage/<domain>}
 * (Starlake's {@code stage}; the same spelling as Starlake's generated DAGs). Prints one line per staged file, one
 * per file kept back and why, then a table per domain and table.
 *
 * <pre>{@code
 * $ lakestation stage --domains starbake --tables orders,order_lines
 * staged starbake.order_lines  order-lines_202403011415.csv  1,335 bytes
 * staged starbake.orders       orders_202403011414.json  11,595 bytes
 * domain    table        files   bytes
 * starbake  order_lines      1   1,335
 * starbake  orders           1  11,595
 * 2 files staged
 * }</pre>
 *
 * <p>Exit code 0 (also when nothing was ready), 1 when a file was refused or failed (each on one line on standard
 * error; the file is left in place) or a domain/table is unknown.
 */
@Command(name = "stage", mixinStandardHelpOptions = true,
        description = "Move landing files that match a table pattern to datasets/stage/<domain> "
                + "(ack files, .gz/.zip/.tgz unpacked). See jobs/docs/areas.md.")
public final class StageCommand extends ProjectCommand {

    @Option(names = "--domains", split = ",", paramLabel = "DOMAIN",
            description = "Domains to stage (comma-separated; default: all).")
    List<String> domains = new ArrayList<>();

    @Option(names = "--tables", split = ",", paramLabel = "TABLE",
            description = "Only files of these tables (name or domain.table, comma-separated; default: all).")
    List<String> tables = new ArrayList<>();

    @Override
    protected int run(Project project) {
        PrintWriter out = out();
        PrintWriter err = err();
        StageResult r;
        try {
            r = Stager.of(project).stage(domains, tables);
        } catch (AreaException e) {
            err.println(e.getMessage());
            err.flush();
            return LakestationCli.EXIT_FAILURE;
        }
        print(r, out);
        for (StageResult.Failure f : r.failures()) {
            err.println(f.message());
        }
        out.flush();
        err.flush();
        return r.ok() ? 0 : LakestationCli.EXIT_FAILURE;
    }

    static void print(StageResult r, PrintWriter out) {
        int w = r.staged().stream().mapToInt(s -> s.domain().length() + s.table().length() + 1).max().orElse(0);
        for (StageResult.Staged s : r.staged()) {
            out.println("staged " + pad(s.domain() + "." + s.table(), w) + "  " + s.name()
                    + (s.archive() == null ? "" : " (from " + s.archive() + ")") + "  " + bytes(s.bytes()));
        }
        for (StageResult.Kept k : r.kept()) {
            out.println("kept " + k.file() + ": " + k.reason());
        }
        if (!r.staged().isEmpty()) {
            Map<String, long[]> rows = new LinkedHashMap<>();
            for (StageResult.Staged s : r.staged()) {
                long[] row = rows.computeIfAbsent(s.domain() + "\t" + s.table(), k -> new long[2]);
                row[0]++;
                row[1] += Math.max(0, s.bytes());
            }
            List<String[]> table = new ArrayList<>();
            table.add(new String[] {"domain", "table", "files", "bytes"});
            rows.forEach((k, v) -> {
                String[] dt = k.split("\t");
                table.add(new String[] {dt[0], dt[1], String.format("%,d", v[0]), String.format("%,d", v[1])});
            });
            TextTable.print(out, table, 2, 3);
        }
        List<String> summary = new ArrayList<>();
        summary.add(r.staged().isEmpty() ? "nothing staged" : ProjectCommand.plural(r.staged().size(), "file")
                + " staged");
        if (!r.kept().isEmpty()) {
            summary.add(r.kept().size() + " kept in landing");
        }
        r.unmatched().forEach((d, n) -> summary.add(ProjectCommand.plural(n, "file") + " in the landing folder of "
                + d + " match no table"));
        if (!r.failures().isEmpty()) {
            summary.add(ProjectCommand.plural(r.failures().size(), "error"));
        }
        out.println(String.join("; ", summary));
    }

    private static String bytes(long n) {
        return n < 0 ? "size unknown" : String.format("%,d bytes", n);
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }
}
