package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.area.AreaException;
import dev.lakestation.jobs.area.Preload;
import dev.lakestation.jobs.area.PreloadResult;
import dev.lakestation.jobs.area.PreloadStrategy;
import dev.lakestation.schema.project.Project;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code lakestation preload}: should the load of a domain run now? Starlake's {@code preload}, accepting the
 * spellings of Starlake's generated DAGs ({@code --domain}, {@code --globalAckFilePath}, {@code --notReadySentinel})
 * alongside ours.
 *
 * <pre>{@code
 * $ lakestation preload --domains starbake --tables orders --strategy imported
 * table   files
 * orders      1
 * READY starbake (imported): files ready to stage in datasets/incoming/starbake
 * }</pre>
 *
 * <p>Exit codes: 0 ready; {@value LakestationCli#EXIT_NOT_READY} not ready (not an error); with
 * {@code --notReadySentinel P} "not ready" exits 0 and writes an empty marker file at P; 1 for an error (unknown
 * domain/table, refused path), 2 for a usage error.
 */
@Command(name = "preload", mixinStandardHelpOptions = true,
        description = "Check whether a domain's load should run (strategy none, imported, pending or ack). "
                + "Exit 0 ready, " + LakestationCli.EXIT_NOT_READY + " not ready; see jobs/docs/areas.md.")
public final class PreloadCommand extends ProjectCommand {

    @Option(names = {"--domains", "--domain"}, required = true, paramLabel = "DOMAIN",
            description = "The domain to check.")
    String domain;

    @Option(names = "--tables", split = ",", paramLabel = "TABLE",
            description = "Tables to check (comma-separated; default: all tables of the domain).")
    List<String> tables = new ArrayList<>();

    @Option(names = "--strategy", paramLabel = "STRATEGY", defaultValue = "none",
            description = "none, imported, pending or ack (case-insensitive; default: none).")
    String strategy;

    @Option(names = {"--global-ack-file", "--globalAckFilePath"}, paramLabel = "FILE",
            description = "ack strategy: the ack file (inside the project root; default "
                    + "<datasets>/pending/<domain>/<yyyy-MM-dd>.ack).")
    Path globalAckFile;

    @Option(names = {"--not-ready-sentinel", "--notReadySentinel"}, paramLabel = "FILE",
            description = "When not ready: write an empty marker file here and exit 0 (for orchestrators).")
    Path notReadySentinel;

    @Override
    protected int run(Project project) {
        PrintWriter out = out();
        PrintWriter err = err();
        try {
            if (domain.contains(",")) {
                throw new AreaException("preload checks one domain, not '" + domain + "'");
            }
            PreloadStrategy s;
            try {
                s = PreloadStrategy.parse(strategy);
            } catch (IllegalArgumentException e) {
                throw new AreaException(e.getMessage());
            }
            PreloadResult r = Preload.of(project).check(domain, tables, s, globalAckFile);
            print(r, out);
            if (r.ready()) {
                return 0;
            }
            if (notReadySentinel != null) {
                writeSentinel(notReadySentinel);
                out.println("not-ready sentinel written: " + notReadySentinel);
                return 0;
            }
            return LakestationCli.EXIT_NOT_READY;
        } catch (AreaException e) {
            err.println(e.getMessage());
            return LakestationCli.EXIT_FAILURE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    static void print(PreloadResult r, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"table", r.strategy() == PreloadStrategy.IMPORTED
                || r.strategy() == PreloadStrategy.PENDING ? "files" : "loadable"});
        r.counts().forEach((t, n) -> rows.add(new String[] {t, String.valueOf(n)}));
        TextTable.print(out, rows, 1, 2);
        out.println((r.ready() ? "READY " : "NOT READY ") + r.domain() + " ("
                + r.strategy().name().toLowerCase(java.util.Locale.ROOT) + "): " + r.detail());
    }

    /**
     * The marker an orchestrator tests for ("not ready, retry later"); an explicit orchestrator path, so not
     * confined to the project root. Failing to write it is an error: exiting 0 without it would read as ready.
     */
    private static void writeSentinel(Path p) {
        try {
            Path abs = p.toAbsolutePath();
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            Files.write(abs, new byte[0]);
        } catch (IOException e) {
            throw new AreaException("cannot write the not-ready sentinel " + p + ": " + e.getMessage(), e);
        }
    }
}
