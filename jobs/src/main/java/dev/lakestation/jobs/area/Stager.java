package dev.lakestation.jobs.area;

import dev.lakestation.jobs.area.ArchiveReader.UnsafeMemberException;
import dev.lakestation.schema.model.Domain;
import dev.lakestation.schema.model.Table;
import dev.lakestation.schema.project.Project;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Starlake's {@code stage}: moves the landing files of each domain that match a table pattern into
 * {@code <datasets>/stage/<domain>/}. The rules (documented in {@code jobs/docs/areas.md}):
 * <ul>
 *   <li>Only regular files whose name fully matches a table pattern move ({@code Domain.findTable}); others stay.
 *       Dot-files are ignored. With {@code --tables}, only files of those tables move.</li>
 *   <li>Ack files: when the table (else the domain) sets {@code ack}, a file moves only when
 *       {@code <name-without-last-extension>.<ack>} exists; the ack file is then deleted.</li>
 *   <li>{@code .gz} is decompressed (member = name without {@code .gz}); {@code .zip}, {@code .tgz} and
 *       {@code .tar.gz} are unpacked; each member is matched on its own file name. An archive is staged whole or
 *       not at all: when a member matches no selected table, collides with a staged file or is unsafe
 *       ({@code ..}, absolute, link), the archive stays in the landing folder untouched, with the reason.
 *       An archive whose members belong to tables with an {@code ack} waits for
 *       {@code <archive-without-last-extension>.<ack>} (Starlake's rule). A staged archive is deleted (with its ack
 *       files).</li>
 *   <li>Nothing in stage is overwritten: a file whose name is already staged stays in landing until a load has
 *       taken the staged one.</li>
 *   <li>Every path stays inside the project root; a symbolic link leading outside is refused and left in place.</li>
 * </ul>
 *
 * <pre>{@code
 * StageResult r = Stager.of(project).stage(List.of("starbake"), List.of("orders", "order_lines"));
 * StageResult wouldBe = Stager.of(project).dryRun(List.of("starbake"), List.of()); // nothing moved or deleted
 * }</pre>
 *
 * <p>One stager per domain at a time: two concurrent stage runs of one domain never overwrite a file, but may
 * report spurious collisions.
 */
public final class Stager {
    static final String UNPACK_PREFIX = ".lakestation-unpack-";

    private final Areas areas;

    private Stager(Areas areas) {
        this.areas = areas;
    }

    /** A stager for {@code project}. */
    public static Stager of(Project project) {
        return new Stager(Areas.of(project));
    }

    /** Stages the selected domains and tables (empty lists: all). Unknown names: {@link UnknownNameException}. */
    public StageResult stage(Collection<String> domains, Collection<String> tables) {
        return run(Selection.of(areas.project(), domains, tables), false);
    }

    /**
     * What {@link #stage} would move now, without moving, unpacking to disk or deleting anything (Starlake's
     * {@code listStageFiles(dryMode = true)}, used by preload {@code IMPORTED}). Archives are read to list their
     * members.
     */
    public StageResult dryRun(Collection<String> domains, Collection<String> tables) {
        return run(Selection.of(areas.project(), domains, tables), true);
    }

    StageResult run(Selection selection, boolean dry) {
        Acc acc = new Acc();
        for (Domain d : selection.domains()) {
            stageDomain(d, selection, dry, acc);
        }
        return new StageResult(acc.staged, acc.kept, acc.failures, acc.unmatched);
    }

    private void stageDomain(Domain d, Selection sel, boolean dry, Acc acc) {
        Path landing;
        Path stage;
        try {
            landing = areas.landing(d);
            stage = areas.stage(d.name());
        } catch (AreaException e) {
            acc.failures.add(new StageResult.Failure(d.name(), null, e.getMessage()));
            return;
        }
        if (!Files.isDirectory(landing)) {
            return; // nothing landed yet (Starlake logs "input path not found" and skips the domain)
        }
        if (!dry) {
            cleanLeftovers(stage);
        }
        Set<String> acks = domainAcks(d);
        for (Path f : areas.files(landing)) {
            String name = f.getFileName().toString();
            if (isAckFile(name, acks)) {
                continue; // consumed with its data file
            }
            try {
                areas.check(f, "landing file " + areas.display(f));
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                ArchiveKind kind = ArchiveKind.of(name);
                if (kind == null) {
                    plain(d, sel, landing, stage, f, dry, acc);
                } else {
                    archive(d, sel, kind, landing, stage, f, acks, dry, acc);
                }
            } catch (AreaException e) {
                acc.failures.add(new StageResult.Failure(d.name(), areas.display(f), e.getMessage()));
            } catch (IOException e) {
                acc.failures.add(new StageResult.Failure(d.name(), areas.display(f), "cannot stage "
                        + areas.display(f) + ": " + message(e) + "; left in place"));
            }
        }
    }

    private void plain(Domain d, Selection sel, Path landing, Path stage, Path f, boolean dry, Acc acc)
            throws IOException {
        String name = f.getFileName().toString();
        Optional<Table> table = d.findTable(name);
        if (table.isEmpty()) {
            acc.unmatched.merge(d.name(), 1, Integer::sum);
            return;
        }
        if (!sel.includes(d, table.get())) {
            return;
        }
        String ack = ack(table.get());
        Path ackFile = null;
        if (ack != null) {
            ackFile = landing.resolve(stem(name) + "." + ack);
            if (!Files.exists(ackFile, LinkOption.NOFOLLOW_LINKS)) {
                acc.kept.add(new StageResult.Kept(d.name(), areas.display(f), "waiting for its ack file "
                        + ackFile.getFileName()));
                return;
            }
        }
        Path target = stage.resolve(name);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            acc.kept.add(collision(d, f, target));
            return;
        }
        long bytes = Files.size(f);
        if (!dry) {
            if (!FileMover.moveNoReplace(f, target)) {
                acc.kept.add(collision(d, f, target));
                return;
            }
            if (ackFile != null) {
                Files.deleteIfExists(ackFile);
            }
        }
        acc.staged.add(new StageResult.Staged(d.name(), table.get().name(), name, null, target, bytes));
    }

    private StageResult.Kept collision(Domain d, Path f, Path target) {
        return new StageResult.Kept(d.name(), areas.display(f), areas.display(target)
                + " is already staged (this one moves once a load has taken it)");
    }

    /** One member read from an archive. */
    private record Member(Table table, String name, Path target, long bytes, Path tmp) {
    }

    /** The members of an archive, or why it stays in landing. */
    private record Scan(List<Member> members, String keep) {
    }

    private void archive(Domain d, Selection sel, ArchiveKind kind, Path landing, Path stage, Path f,
                         Set<String> acks, boolean dry, Acc acc) throws IOException {
        String name = f.getFileName().toString();
        String shown = areas.display(f);
        Path tmpDir = null;
        try {
            Scan scan = null;
            List<Path> ackFiles = new ArrayList<>();
            if (!acks.isEmpty()) {
                // a listing pass first: the ack files needed depend on the tables of the members
                scan = scan(d, sel, kind, stage, f, null);
                if (scan.keep() == null) {
                    Set<String> needed = new LinkedHashSet<>();
                    scan.members().forEach(m -> {
                        String a = ack(m.table());
                        if (a != null) {
                            needed.add(a);
                        }
                    });
                    for (String a : needed) {
                        Path ackFile = landing.resolve(stem(name) + "." + a);
                        if (!Files.exists(ackFile, LinkOption.NOFOLLOW_LINKS)) {
                            acc.kept.add(new StageResult.Kept(d.name(), shown, "waiting for its ack file "
                                    + ackFile.getFileName()));
                            return;
                        }
                        ackFiles.add(ackFile);
                    }
                }
            }
            if (!dry && (scan == null || scan.keep() == null)) {
                tmpDir = stage.resolve(UNPACK_PREFIX + UUID.randomUUID());
                scan = scan(d, sel, kind, stage, f, tmpDir);
            } else if (scan == null) {
                scan = scan(d, sel, kind, stage, f, null);
            }
            if (scan.keep() != null) {
                acc.kept.add(new StageResult.Kept(d.name(), shown, "archive not staged: " + scan.keep()));
                return;
            }
            if (dry) {
                scan.members().forEach(m -> acc.staged.add(new StageResult.Staged(d.name(), m.table().name(),
                        m.name(), shown, m.target(), m.bytes())));
                return;
            }
            // members keep the archive's time: loads order by modification time, then name
            FileTime mtime = Files.getLastModifiedTime(f);
            List<String> published = new ArrayList<>();
            for (Member m : scan.members()) {
                Files.setLastModifiedTime(m.tmp(), mtime);
                if (!FileMover.publish(m.tmp(), m.target())) {
                    acc.failures.add(new StageResult.Failure(d.name(), shown, "archive " + shown + ": "
                            + areas.display(m.target()) + " appeared while unpacking (another stage run?); staged "
                            + (published.isEmpty() ? "nothing" : String.join(", ", published))
                            + "; archive left in place"));
                    return;
                }
                published.add(m.name());
                acc.staged.add(new StageResult.Staged(d.name(), m.table().name(), m.name(), shown, m.target(),
                        m.bytes()));
            }
            Files.delete(f);
            for (Path a : ackFiles) {
                Files.deleteIfExists(a);
            }
        } catch (UnsafeMemberException e) {
            acc.failures.add(new StageResult.Failure(d.name(), shown, "archive " + shown + " refused: "
                    + e.getMessage() + "; left in place"));
        } catch (IOException e) {
            acc.failures.add(new StageResult.Failure(d.name(), shown, "cannot unpack archive " + shown + ": "
                    + message(e) + "; left in place"));
        } finally {
            FileTrees.deleteQuietly(tmpDir);
        }
    }

    /**
     * Reads the members of an archive; with {@code tmpDir} they are written there (streamed), without it only
     * listed. Stops at the first member that keeps the archive in landing.
     */
    private Scan scan(Domain d, Selection sel, ArchiveKind kind, Path stage, Path f, Path tmpDir) throws IOException {
        List<Member> members = new ArrayList<>();
        Set<String> names = new HashSet<>();
        String[] keep = {null};
        ArchiveReader.read(kind, f, (path, member, size, content) -> {
            if (member.startsWith(".")) {
                return true; // dot-files are ignored in archives too (__MACOSX/._x, .DS_Store)
            }
            Optional<Table> t = d.findTable(member);
            if (t.isEmpty()) {
                keep[0] = "member '" + path + "' matches no table of domain '" + d.name() + "'";
                return false;
            }
            if (!sel.includes(d, t.get())) {
                keep[0] = "member '" + path + "' belongs to table '" + t.get().name() + "', which is not selected";
                return false;
            }
            if (!names.add(member)) {
                keep[0] = "two members are named '" + member + "'";
                return false;
            }
            Path target = stage.resolve(member);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                keep[0] = "member '" + path + "': " + areas.display(target) + " is already staged";
                return false;
            }
            long bytes = size;
            Path tmp = null;
            if (tmpDir != null) {
                Files.createDirectories(tmpDir);
                tmp = tmpDir.resolve(member);
                try (InputStream in = content.open()) {
                    bytes = Files.copy(in, tmp);
                }
            }
            members.add(new Member(t.get(), member, target, bytes, tmp));
            return true;
        });
        if (keep[0] == null && members.isEmpty()) {
            keep[0] = "the archive has no files";
        }
        return new Scan(members, keep[0]);
    }

    /** The ack extension of a table (its own, else the domain's; {@code ".ack"} and {@code "ack"} alike), or null. */
    static String ack(Table t) {
        String a = t.metadata().ack();
        if (a == null) {
            return null;
        }
        a = a.trim();
        if (a.startsWith(".")) {
            a = a.substring(1);
        }
        return a.isEmpty() ? null : a;
    }

    /**
     * Every ack extension used in a domain: files ending with one of them are ack files, never data; when there
     * is any, archives are listed before they are unpacked to find the ack files their members' tables need.
     */
    static Set<String> domainAcks(Domain d) {
        Set<String> out = new LinkedHashSet<>();
        for (Table t : d.tables()) {
            String a = ack(t);
            if (a != null) {
                out.add(a);
            }
        }
        return out;
    }

    private static boolean isAckFile(String name, Set<String> acks) {
        for (String a : acks) {
            if (name.endsWith("." + a)) {
                return true;
            }
        }
        return false;
    }

    /** The name without its last extension ({@code orders_1.json} → {@code orders_1}), as Starlake's ack lookup. */
    static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }

    /** Removes what an interrupted stage run left in stage: unpack folders and partial copies (all dot-files). */
    private static void cleanLeftovers(Path stage) {
        if (!Files.isDirectory(stage)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(stage, ".lakestation-*")) {
            for (Path p : ds) {
                FileTrees.deleteQuietly(p);
            }
        } catch (IOException e) {
            // best effort: leftovers are dot-files that no listing considers
        }
    }

    static String message(IOException e) {
        String m = e.getMessage();
        String type = e.getClass().getSimpleName().replace("Exception", "");
        return m == null ? type : (e instanceof java.nio.file.FileSystemException ? type + " " + m : m);
    }

    /** Accumulates one run's outcome. */
    private static final class Acc {
        final List<StageResult.Staged> staged = new ArrayList<>();
        final List<StageResult.Kept> kept = new ArrayList<>();
        final List<StageResult.Failure> failures = new ArrayList<>();
        final Map<String, Integer> unmatched = new LinkedHashMap<>();
    }
}
