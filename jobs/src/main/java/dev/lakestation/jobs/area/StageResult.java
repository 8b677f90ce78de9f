package dev.lakestation.jobs.area;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Stager} run moved (or, in a dry run, would move), what it left in the landing folders and why,
 * and what failed.
 *
 * <pre>{@code
 * StageResult r = Stager.of(project).stage(List.of("starbake"), List.of());
 * r.staged().forEach(f -> System.out.println(f.table() + " " + f.name()));
 * r.countsByTable("starbake");   // {order_lines=1, orders=1, products=1}
 * r.ok();                         // no failures
 * }</pre>
 *
 * @param staged    files moved to {@code stage/<domain>}, in processing order
 * @param kept      files left in a landing folder for a reason someone may act on (waiting for an ack file, name
 *                  already in stage, archive with members that match no selected table)
 * @param failures  files refused or that could not be processed (left in place)
 * @param unmatched per domain, the number of landing files that match no table (left in place, not listed one by
 *                  one: landing folders often hold other data)
 */
public record StageResult(List<Staged> staged, List<Kept> kept, List<Failure> failures,
                          Map<String, Integer> unmatched) {

    public StageResult {
        staged = List.copyOf(staged);
        kept = List.copyOf(kept);
        failures = List.copyOf(failures);
        unmatched = Map.copyOf(unmatched);
    }

    /**
     * One file staged.
     *
     * @param domain  domain
     * @param table   table the file matched
     * @param name    file name in stage
     * @param archive archive it came from (path relative to the root), or null for a plain file
     * @param target  path in {@code stage/<domain>} (where it would go, in a dry run)
     * @param bytes   size in bytes (-1 when unknown in a dry run)
     */
    public record Staged(String domain, String table, String name, String archive, Path target, long bytes) {
    }

    /** A landing file left in place; {@code file} is relative to the root. */
    public record Kept(String domain, String file, String reason) {
    }

    /** A landing file that was refused or failed; {@code message} is one line naming it. */
    public record Failure(String domain, String file, String message) {
    }

    /** True when nothing failed. */
    public boolean ok() {
        return failures.isEmpty();
    }

    /** Staged files per table of {@code domain} (tables without files absent). */
    public Map<String, Integer> countsByTable(String domain) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Staged s : staged) {
            if (s.domain().equals(domain)) {
                m.merge(s.table(), 1, Integer::sum);
            }
        }
        return m;
    }
}
