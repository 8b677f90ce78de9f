package dev.lakestation.jobs.area;

import dev.lakestation.schema.model.Domain;
import dev.lakestation.schema.model.Table;
import dev.lakestation.schema.project.Project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The areas a load uses, Starlake's file lifecycle ({@code IngestionWorkflow.load}/{@code ingest}):
 * {@code stage/<domain>} → {@code ingesting/<domain>} → {@code archive/<domain>} (or deleted when
 * {@code archive: false}); staged files matching no table → {@code unresolved/<domain>}; on failure the files
 * stay in {@code ingesting} and the next load of the table takes them again ({@link #leftInIngesting}).
 *
 * <pre>{@code
 * LoadFiles files = LoadFiles.of(project);
 * files.moveUnresolved(domain);                          // stage files matching no table
 * LoadFiles.Claim claim = files.claim(domain, table);    // under the table's lock
 * try {
 *     load(claim.files());                               // leftovers of a failed run first, then new files
 *     files.archive(domain, claim.files());              // after the table commit
 * } catch (Exception e) {
 *     // nothing to do: the files stay in ingesting, the next claim picks them up
 * }
 * }</pre>
 *
 * <p>Every listing ignores dot-files and folders, matches the file name fully against the table patterns with
 * {@link Domain#findTable} (the first matching table wins) and orders by modification time, then name. A file (or
 * symbolic link) leading outside the project root is refused with {@link AreaException} and left where it is.
 * Call {@link #claim}, {@link #leftInIngesting} and {@link #archive} while holding the table's lock: another load
 * of the same table would otherwise see this load's files as leftovers. Names are never overwritten: see
 * {@link #toIngesting} and {@link #archive}.
 */
public final class LoadFiles {
    private static final Comparator<Path> ORDER = Comparator.comparing(LoadFiles::mtime)
            .thenComparing(p -> p.getFileName().toString());

    private final Areas areas;

    private LoadFiles(Areas areas) {
        this.areas = areas;
    }

    /** The load areas of {@code project}. */
    public static LoadFiles of(Project project) {
        return new LoadFiles(Areas.of(project));
    }

    /** The area paths (for messages, or other areas). */
    public Areas areas() {
        return areas;
    }

    /** The staged files of {@code table} in {@code stage/<domain>}, oldest first (then by name). */
    public List<Path> staged(Domain domain, Table table) {
        return ofTable(areas.stage(domain.name()), domain, table);
    }

    /**
     * What a previous load of {@code table} left in {@code ingesting/<domain>} (it failed or was killed before
     * archiving): the files of that table there, oldest first. The next load takes them again — {@link #claim}
     * includes them — so a failed load is retried by simply loading again.
     */
    public List<Path> leftInIngesting(Domain domain, Table table) {
        return ofTable(areas.ingesting(domain.name()), domain, table);
    }

    /**
     * Moves the files in {@code stage/<domain>} that match no table of the domain to {@code unresolved/<domain>}
     * (Starlake does this before every load). A name already in unresolved is kept and the new file gets
     * {@code <name>.1}, {@code <name>.2}, ...
     *
     * @return the new paths in {@code unresolved/<domain>}
     */
    public List<Path> moveUnresolved(Domain domain) {
        Path stage = areas.stage(domain.name());
        Path unresolved = areas.unresolved(domain.name());
        List<Path> out = new ArrayList<>();
        for (Path f : sorted(candidates(stage))) {
            if (domain.findTable(f.getFileName().toString()).isEmpty()) {
                out.add(move(f, unresolved, true));
            }
        }
        return out;
    }

    /**
     * Moves every staged file of {@code table} to {@code ingesting/<domain>}.
     *
     * @return the new paths, oldest first; a staged file whose name is already in ingesting (left by a failed
     *         load) is not moved and not returned: it stays in stage until that leftover has been loaded
     */
    public List<Path> toIngesting(Domain domain, Table table) {
        return toIngesting(domain, table, staged(domain, table));
    }

    /**
     * Moves the given staged files (from {@link #staged}) of {@code table} to {@code ingesting/<domain>}.
     *
     * @throws AreaException when a file is not in {@code stage/<domain>}, does not belong to {@code table}, or
     *                       leads outside the root (nothing moved for it)
     * @see #toIngesting(Domain, Table)
     */
    public List<Path> toIngesting(Domain domain, Table table, List<Path> stagedFiles) {
        Path stage = areas.stage(domain.name());
        Path ingesting = areas.ingesting(domain.name());
        List<Path> out = new ArrayList<>();
        for (Path f : sorted(stagedFiles)) {
            Path p = inArea(f, stage, domain, table);
            Path moved = move(p, ingesting, false);
            if (moved != null) {
                out.add(moved);
            }
        }
        return out;
    }

    /**
     * The files one load of {@code table} reads, all in {@code ingesting/<domain>}.
     *
     * @param files    leftovers first, then newly moved files, each group oldest first
     * @param resumed  the leftovers of a previous failed load included in {@code files}
     * @param deferred staged files not moved because a file of the same name is in {@code files} (loaded by the
     *                 next load)
     */
    public record Claim(List<Path> files, List<Path> resumed, List<Path> deferred) {
        public Claim {
            files = List.copyOf(files);
            resumed = List.copyOf(resumed);
            deferred = List.copyOf(deferred);
        }
    }

    /** {@link #leftInIngesting} plus {@link #toIngesting(Domain, Table)}: what the next load of a table reads. */
    public Claim claim(Domain domain, Table table) {
        List<Path> resumed = leftInIngesting(domain, table);
        List<Path> staged = staged(domain, table);
        List<Path> moved = toIngesting(domain, table, staged);
        List<Path> deferred = new ArrayList<>();
        for (Path s : staged) {
            if (Files.exists(s)) {
                deferred.add(s);
            }
        }
        List<Path> files = new ArrayList<>(resumed);
        files.addAll(moved);
        return new Claim(files, resumed, deferred);
    }

    /**
     * After a successful load: moves the files (in {@code ingesting/<domain>}) to {@code archive/<domain>}, or
     * deletes them when the project's {@code archive} setting is false. A name already archived is kept and the new
     * file gets {@code <name>.1}, {@code <name>.2}, ...
     *
     * @return the archived paths (empty when deleted)
     * @throws AreaException for a file outside {@code ingesting/<domain>} (nothing done for it)
     */
    public List<Path> archive(Domain domain, List<Path> ingestingFiles) {
        Path ingesting = areas.ingesting(domain.name());
        Path archive = areas.archive(domain.name());
        List<Path> out = new ArrayList<>();
        for (Path f : ingestingFiles) {
            Path p = inArea(f, ingesting, domain, null);
            if (areas.settings().archive()) {
                out.add(move(p, archive, true));
            } else {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new AreaException("cannot delete loaded file " + areas.display(p) + ": "
                            + Stager.message(e), e);
                }
            }
        }
        return out;
    }

    private List<Path> ofTable(Path dir, Domain domain, Table table) {
        List<Path> out = new ArrayList<>();
        for (Path f : candidates(dir)) {
            Optional<Table> t = domain.findTable(f.getFileName().toString());
            if (t.isPresent() && t.get().name().equals(table.name())) {
                out.add(f);
            }
        }
        return sorted(out);
    }

    /** Regular files of an area folder, each checked to stay inside the root. */
    private List<Path> candidates(Path dir) {
        List<Path> out = new ArrayList<>();
        for (Path f : areas.files(dir)) {
            checked(f);
            if (Files.isRegularFile(f)) {
                out.add(f);
            }
        }
        return out;
    }

    private Path checked(Path f) {
        return areas.check(f, "file " + areas.display(f) + " (left in place)");
    }

    /** {@code f} must be directly in {@code dir}, inside the root, and belong to {@code table} when given. */
    private Path inArea(Path f, Path dir, Domain domain, Table table) {
        Path abs = areas.project().root().resolve(f).toAbsolutePath().normalize();
        if (!dir.equals(abs.getParent())) {
            throw new AreaException(areas.display(f) + " is not in " + areas.display(dir) + "; refused (left in place)");
        }
        checked(abs);
        if (table != null) {
            Optional<Table> t = domain.findTable(abs.getFileName().toString());
            if (t.isEmpty() || !t.get().name().equals(table.name())) {
                throw new AreaException(areas.display(abs) + " is not a file of table " + domain.name() + "."
                        + table.name() + "; refused (left in place)");
            }
        }
        return abs;
    }

    /** Moves into {@code dir}; with {@code keepBoth} a taken name gets a suffix, else returns null (not moved). */
    private Path move(Path f, Path dir, boolean keepBoth) {
        try {
            if (keepBoth) {
                return FileMover.moveKeepingBoth(f, dir);
            }
            Path dst = dir.resolve(f.getFileName().toString());
            return FileMover.moveNoReplace(f, dst) ? dst : null;
        } catch (IOException e) {
            throw new AreaException("cannot move " + areas.display(f) + " to " + areas.display(dir) + ": "
                    + Stager.message(e) + " (left in place)", e);
        }
    }

    private static List<Path> sorted(List<Path> files) {
        List<Path> out = new ArrayList<>(files);
        out.sort(ORDER);
        return out;
    }

    private static FileTime mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
