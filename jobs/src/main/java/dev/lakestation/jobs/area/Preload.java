package dev.lakestation.jobs.area;

import dev.lakestation.schema.model.Domain;
import dev.lakestation.schema.model.Table;
import dev.lakestation.schema.project.Project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starlake's {@code preload}: decides whether a domain's load should run now, without moving data. A plain service
 * returning a value: the coordinator calls it directly, {@code lakestation preload} prints it.
 *
 * <ul>
 *   <li>{@link PreloadStrategy#NONE}: ready; every table counts 1.</li>
 *   <li>{@link PreloadStrategy#IMPORTED}: a dry run of {@link Stager}: the landing files each table would stage
 *       now (ack files and archives included, nothing moved or deleted).</li>
 *   <li>{@link PreloadStrategy#PENDING}: the files of each table in {@code stage/<domain>}, as a load would take
 *       them ({@link LoadFiles#staged}).</li>
 *   <li>{@link PreloadStrategy#ACK}: ready when the global ack file exists, which is then deleted; default path
 *       {@code <datasets>/pending/<domain>/<yyyy-MM-dd>.ack} (Starlake's Python DAGs), the date of today in the
 *       project's time zone.</li>
 * </ul>
 * Ready means at least one table counts more than 0 (Starlake's {@code PreLoadJobResult.empty} is the opposite).
 *
 * <pre>{@code
 * PreloadResult r = Preload.of(project).check("starbake", List.of(), PreloadStrategy.PENDING, null);
 * r.ready();   // false when nothing is staged
 * r.counts();  // {order_lines=0, orders=0, products=0}
 * }</pre>
 */
public final class Preload {
    private final Project project;
    private final Areas areas;
    private final Clock clock;

    private Preload(Project project, Clock clock) {
        this.project = project;
        this.areas = Areas.of(project);
        this.clock = clock;
    }

    /** A preload check for {@code project} with the system clock. */
    public static Preload of(Project project) {
        return of(project, Clock.systemUTC());
    }

    /** With an explicit clock (the ACK default file name depends on the date). */
    public static Preload of(Project project, Clock clock) {
        return new Preload(project, clock);
    }

    /**
     * Checks {@code tables} (empty: all tables) of {@code domain} with {@code strategy}.
     *
     * @param globalAckFile ACK only: the ack file, absolute or relative to the project root (must stay inside it);
     *                      null for the default path
     * @throws UnknownNameException for an unknown domain or table
     * @throws AreaException        for a path leaving the root, or a file that cannot be read or deleted
     */
    public PreloadResult check(String domain, Collection<String> tables, PreloadStrategy strategy, Path globalAckFile) {
        Selection sel = Selection.of(project, List.of(domain), tables);
        Domain d = sel.domains().get(0);
        List<Table> selected = sel.tables(d);
        Map<String, Integer> counts = new LinkedHashMap<>();
        switch (strategy) {
            case NONE -> {
                selected.forEach(t -> counts.put(t.name(), 1));
                return result(d, strategy, counts, "no preload condition");
            }
            case IMPORTED -> {
                selected.forEach(t -> counts.put(t.name(), 0));
                StageResult dry = Stager.of(project).run(sel, true);
                if (!dry.ok()) {
                    throw new AreaException(dry.failures().get(0).message());
                }
                dry.countsByTable(d.name()).forEach(counts::put);
                return result(d, strategy, counts, "files ready to stage in "
                        + areas.display(areas.landing(d)));
            }
            case PENDING -> {
                LoadFiles files = LoadFiles.of(project);
                selected.forEach(t -> counts.put(t.name(), files.staged(d, t).size()));
                return result(d, strategy, counts, "files staged in " + areas.display(areas.stage(d.name())));
            }
            case ACK -> {
                Path ack = globalAckFile != null ? project.root().resolve(globalAckFile) : defaultAckFile(d.name());
                ack = areas.check(ack, "global ack file");
                boolean found = Files.exists(ack, LinkOption.NOFOLLOW_LINKS);
                if (found) {
                    try {
                        Files.delete(ack);
                    } catch (IOException e) {
                        throw new AreaException("cannot delete global ack file " + areas.display(ack) + ": "
                                + Stager.message(e), e);
                    }
                }
                selected.forEach(t -> counts.put(t.name(), found ? 1 : 0));
                return result(d, strategy, counts, "ack file " + areas.display(ack)
                        + (found ? " found and deleted" : " not found"));
            }
            default -> throw new IllegalArgumentException(strategy.toString());
        }
    }

    /** {@code <datasets>/pending/<domain>/<yyyy-MM-dd>.ack} for today in the project's time zone. */
    public Path defaultAckFile(String domain) {
        ZoneId zone;
        try {
            zone = ZoneId.of(project.settings().timezone());
        } catch (RuntimeException e) {
            zone = ZoneId.of("UTC");
        }
        return areas.pending(domain).resolve(LocalDate.now(clock.withZone(zone)) + ".ack");
    }

    private static PreloadResult result(Domain d, PreloadStrategy s, Map<String, Integer> counts, String detail) {
        boolean ready = counts.values().stream().anyMatch(c -> c > 0);
        return new PreloadResult(d.name(), s, counts, ready, detail);
    }
}
