package dev.lakestation.jobs.table;

import dev.lakestation.jobs.area.TableLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One write of one table, holding the table's lock until {@link #close()}. Write the new files under
 * {@link #stagingDir()} (partition folders {@code col=value/} included), then {@link #commit(WriteMode)}; closing
 * without a commit aborts: the staging folder is deleted and the current version stays.
 *
 * <pre>{@code
 * try (TableTransaction tx = store.begin("sales", "orders", runId, Duration.ofMinutes(5))) {
 *     Optional<Path> current = tx.currentVersionDir();       // read it for merges
 *     runFlinkJobWritingInto(tx.stagingDir());
 *     CommitResult r = tx.commit(WriteMode.OVERWRITE);
 *     // or, for partition-level strategies: tx.commitReplacingPartitions(Set.of("year=2024/month=3"))
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one thread drives a transaction.
 */
public final class TableTransaction implements AutoCloseable {
    private final TableStore store;
    private final String domain;
    private final String table;
    private final String runId;
    private final TableLock lock;
    private final Path versions;
    private final Path link;
    private final Path staging;
    private final Optional<TableVersion> current;
    private final List<Path> workDirs = new ArrayList<>();
    private boolean committed;
    private boolean attempted;
    private boolean closed;

    private TableTransaction(TableStore store, String domain, String table, String runId, TableLock lock,
                             Optional<TableVersion> current) {
        this.store = store;
        this.domain = domain;
        this.table = table;
        this.runId = runId;
        this.lock = lock;
        this.versions = store.versionsDir(domain, table);
        this.link = store.tablePath(domain, table);
        this.staging = versions.resolve(".staging-" + runId);
        this.current = current;
    }

    static TableTransaction open(TableStore store, String domain, String table, String runId, TableLock lock) {
        Path versions = store.versionsDir(domain, table);
        Path link = store.tablePath(domain, table);
        try {
            Files.createDirectories(versions);
            Files.createDirectories(link.getParent());
            finishInterruptedAdoption(versions, link);
            if (Files.isDirectory(link, LinkOption.NOFOLLOW_LINKS)) {
                adopt(versions, link, runId);
            }
            Optional<TableVersion> current = store.currentVersion(domain, table);
            cleanUp(versions, current);
            TableTransaction tx = new TableTransaction(store, domain, table, runId, lock, current);
            Files.createDirectories(tx.staging);
            return tx;
        } catch (IOException e) {
            throw new UncheckedIOException("table " + domain + "." + table + ": cannot start a transaction in "
                    + versions, e);
        }
    }

    /** The folder the new files go to (on the versions' file system, so the commit only renames and links). */
    public Path stagingDir() {
        return staging;
    }

    /**
     * A scratch folder of this transaction ({@code .work-<runId>-<name>} next to the versions, same file system),
     * created empty; deleted by {@link #close()} and, after a crash, by the next {@code begin}. The write
     * strategies move the incoming staged rows here and stage the merged rows in {@link #stagingDir()}.
     */
    public Path workDir(String name) {
        if (!name.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("work folder name '" + name + "' must be [A-Za-z0-9_-]+");
        }
        Path dir = versions.resolve(".work-" + runId + "-" + name);
        try {
            TableFiles.deleteTree(dir);
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("table " + tableName() + ": cannot create " + dir, e);
        }
        workDirs.add(dir);
        return dir;
    }

    /** The folder of the version this transaction started from; stable while the transaction holds the lock. */
    public Optional<Path> currentVersionDir() {
        return current.map(TableVersion::dir);
    }

    /** The version this transaction started from. */
    public Optional<TableVersion> currentVersion() {
        return current;
    }

    /** The table, {@code domain.table}. */
    public String tableName() {
        return domain + "." + table;
    }

    /**
     * Stages the finished data files of {@code folder} (a {@link TableStore#streamDir streaming load's folder}:
     * hidden in-progress files skipped) by hard link, keeping their paths relative to {@code folder} (partition
     * folders included); the originals stay until the caller deletes them after the commit, so a crash before the
     * commit loses nothing. A file whose name the current version already holds was committed by an earlier round
     * that died before deleting it: its original is deleted now, not staged again (part-file names are unique).
     *
     * <pre>{@code
     * try (TableTransaction tx = store.begin("sales", "orders", runId, lockWait)) {
     *     List<Path> originals = tx.stageFinished(store.streamDir("sales", "orders", group));
     *     tx.commit(WriteMode.APPEND);
     *     for (Path p : originals) Files.delete(p);
     * }
     * }</pre>
     *
     * @return the staged originals (absolute paths under {@code folder})
     */
    public List<Path> stageFinished(Path folder) {
        Set<String> committed = new java.util.HashSet<>();
        current.ifPresent(v -> TableFiles.dataFiles(v.dir()).forEach(f -> {
            String name = f.relative().getFileName().toString();
            committed.add(name);
            if (name.matches("v\\d{6,}-.*")) {
                committed.add(name.substring(name.indexOf('-') + 1));
            }
        }));
        List<Path> staged = new ArrayList<>();
        try {
            for (TableFiles.DataFile f : TableFiles.dataFiles(folder)) {
                Path original = folder.resolve(f.relative());
                if (committed.contains(f.relative().getFileName().toString())) {
                    Files.deleteIfExists(original);
                    continue;
                }
                TableFiles.linkOrCopy(original, staging.resolve(f.relative()));
                staged.add(original);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("table " + tableName() + ": cannot stage the finished files of " + folder, e);
        }
        return staged;
    }

    /** Commits the staged files as the next version, combined with the current one by {@code mode}. */
    public CommitResult commit(WriteMode mode) {
        Set<String> replaced = switch (mode) {
            case APPEND -> Set.of();
            case OVERWRITE -> Set.of("");
            case OVERWRITE_PARTITIONS -> stagedPartitions();
        };
        return commitReplacing(f -> isReplaced(f.partition(), replaced));
    }

    /**
     * Commits a version made of the staged files plus the current version's files outside {@code partitions}
     * (folders relative to the table, e.g. {@code "year=2024/month=3"}; a folder replaces everything under it,
     * {@code ""} the whole table). A listed partition with no staged files disappears from the table — what a
     * merge that deleted every row of a partition needs. Untouched partitions are hard-linked, not rewritten.
     */
    public CommitResult commitReplacingPartitions(Collection<String> partitions) {
        Set<String> replaced = new LinkedHashSet<>();
        for (String p : partitions) {
            replaced.add(checkPartition(p));
        }
        return commitReplacing(f -> isReplaced(f.partition(), replaced));
    }

    /**
     * Commits a version made of the staged files plus the current version's files except {@code files} (paths
     * relative to the version folder, as {@link #currentVersionDir()} lists them, e.g.
     * {@code "day=2024-03-01/v000007-part-0.parquet"}). A merge that rewrote only some files of a partition
     * keeps the others as hard links.
     */
    public CommitResult commitReplacingFiles(Collection<String> files) {
        Set<String> replaced = new LinkedHashSet<>();
        for (String f : files) {
            replaced.add(checkPartition(f));
        }
        return commitReplacing(f -> replaced.contains(f.relative().toString().replace('\\', '/')));
    }

    private CommitResult commitReplacing(java.util.function.Predicate<TableFiles.DataFile> isReplaced) {
        if (closed || attempted) {
            throw new IllegalStateException("table " + tableName() + ": transaction of run " + runId + " is "
                    + (committed ? "already committed" : closed ? "closed" : "failed; close it and start again"));
        }
        attempted = true; // a failed commit has moved staged files: it cannot be retried in this transaction
        long number = current.map(v -> v.number() + 1).orElse(1L);
        Path building = versions.resolve(".building-" + runId);
        Path versionDir = versions.resolve(TableVersion.dirName(number, runId));
        try {
            TableFiles.deleteTree(building);
            Files.createDirectories(building);
            List<TableFiles.DataFile> staged = TableFiles.dataFiles(staging);
            List<TableFiles.DataFile> kept = new ArrayList<>();
            if (current.isPresent()) {
                for (TableFiles.DataFile f : TableFiles.dataFiles(current.get().dir())) {
                    if (!isReplaced.test(f)) {
                        kept.add(f);
                    }
                }
            }
            boolean partitioned = Stream.concat(staged.stream(), kept.stream()).anyMatch(f -> !f.partition().isEmpty());
            int files = 0;
            long bytes = 0;
            long addedBytes = 0;
            // staged files move in (same file system: renames)
            for (TableFiles.DataFile f : staged) {
                Path target = versionFile(building, f.relative(), number, partitioned);
                Files.createDirectories(target.getParent());
                try {
                    Files.move(staging.resolve(f.relative()), target);
                } catch (FileAlreadyExistsException e) {
                    throw new IllegalStateException("table " + tableName() + ": two staged files map to "
                            + building.relativize(target) + " (a name differs only by a vNNNNNN- prefix)", e);
                }
                files++;
                bytes += f.size();
                addedBytes += f.size();
            }
            int added = files;
            // kept files of the current version are hard-linked (copied where links are refused)
            for (TableFiles.DataFile f : kept) {
                Path target = versionFile(building, f.relative(), number, partitioned);
                try {
                    TableFiles.linkOrCopy(current.get().dir().resolve(f.relative()), target);
                } catch (FileAlreadyExistsException e) {
                    throw new IllegalStateException("table " + tableName() + ": staged file "
                            + building.relativize(target) + " has the name of a file of version "
                            + current.get().number() + " it is combined with", e);
                }
                files++;
                bytes += f.size();
            }
            // the version appears complete or not at all
            Files.move(building, versionDir, StandardCopyOption.ATOMIC_MOVE);
            switchLink(versionDir);
            committed = true;
            prune();
            return new CommitResult(number, versionDir, files, bytes, added, addedBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("table " + tableName() + ": commit of run " + runId + " failed; the"
                    + " current version is unchanged", e);
        }
    }

    /** The atomic step: a new link renamed over the old one (rename(2) replaces a symbolic link atomically). */
    private void switchLink(Path versionDir) throws IOException {
        Path tmp = versions.resolve(".link-" + runId);
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, link.getParent().relativize(versionDir));
        Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Where a data file goes in version {@code number}. In a partitioned version every file is named for the
     * version ({@code v000007-...}): a reader walking partition folders while the link switches then finds the
     * files it listed before the switch gone (an error it retries) instead of mixing two versions' partitions.
     * An unpartitioned version is listed in one directory read, so its files keep their names: a reader that
     * listed the previous version still reads exactly that version's content from the appended one.
     */
    private static Path versionFile(Path root, Path relative, long number, boolean partitioned) {
        Path parent = relative.getParent();
        String base = relative.getFileName().toString();
        String name = partitioned ? TableVersion.fileName(number, base) : base;
        return parent == null ? root.resolve(name) : root.resolve(parent).resolve(name);
    }

    private Set<String> stagedPartitions() {
        Set<String> out = new LinkedHashSet<>();
        for (TableFiles.DataFile f : TableFiles.dataFiles(staging)) {
            out.add(f.partition());
        }
        return out;
    }

    private static boolean isReplaced(String partition, Set<String> replaced) {
        for (String r : replaced) {
            if (r.isEmpty() || partition.equals(r) || partition.startsWith(r + "/")) {
                return true;
            }
        }
        return false;
    }

    private String checkPartition(String p) {
        String norm = p.replace('\\', '/');
        while (norm.endsWith("/")) {
            norm = norm.substring(0, norm.length() - 1);
        }
        if (norm.startsWith("/") || ("/" + norm + "/").contains("/../") || ("/" + norm + "/").contains("/./")) {
            throw new IllegalArgumentException("table " + tableName() + ": partition '" + p
                    + "' must be a folder relative to the table");
        }
        return norm;
    }

    /** Keeps the new version and the one before it (readers that resolved it may still be listing it). */
    private void prune() {
        try {
            cleanUp(versions, store.currentVersion(domain, table));
        } catch (IOException | RuntimeException e) {
            // the commit is done; the next transaction prunes again
        }
    }

    /**
     * Deletes everything in the versions folder except the current version and the newest one before it:
     * staging and building folders of failed runs (not the {@code .stream-*} folders of streaming loads), temporary links, versions newer than the current one (built
     * by a run killed before its switch — never rolled forward, that run did not report a commit) and older
     * versions. Runs with the table's lock held.
     */
    private static void cleanUp(Path versions, Optional<TableVersion> current) throws IOException {
        List<TableVersion> older = new ArrayList<>();
        List<Path> garbage = new ArrayList<>();
        try (Stream<Path> s = Files.list(versions)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.getFileName().toString().startsWith(TableStore.STREAM_PREFIX)) {
                    continue; // owned by a running streaming load (TableStore.streamDir)
                }
                Optional<TableVersion> v = TableVersion.parse(p);
                if (v.isEmpty() || current.isEmpty() || v.get().number() > current.get().number()) {
                    garbage.add(p);
                } else if (v.get().number() < current.get().number()) {
                    older.add(v.get());
                } else if (!p.equals(current.get().dir())) {
                    garbage.add(p); // same number, other run: a failed run's version
                }
            }
        }
        older.sort((a, b) -> Long.compare(b.number(), a.number()));
        for (int i = 1; i < older.size(); i++) {
            garbage.add(older.get(i).dir());
        }
        for (Path p : garbage) {
            TableFiles.deleteTree(p);
        }
    }

    /**
     * A plain folder at the table path (written before Lakestation, or by another tool) becomes version 0: its
     * data files are hard-linked into {@code v000000-adopted-<runId>}, the folder is moved aside and the link
     * created. Between that move and the link the table path is briefly absent (once per table); a run killed
     * there is finished by the next one ({@link #finishInterruptedAdoption}).
     */
    private static void adopt(Path versions, Path link, String runId) throws IOException {
        Path building = versions.resolve(".building-" + runId);
        TableFiles.deleteTree(building);
        Files.createDirectories(building);
        List<TableFiles.DataFile> legacy = TableFiles.dataFiles(link);
        boolean partitioned = legacy.stream().anyMatch(f -> !f.partition().isEmpty());
        for (TableFiles.DataFile f : legacy) {
            TableFiles.linkOrCopy(link.resolve(f.relative()), versionFile(building, f.relative(), 0, partitioned));
        }
        for (TableVersion old : versionsOf(versions)) {
            TableFiles.deleteTree(old.dir()); // versions left from an earlier life of the table
        }
        Path v0 = versions.resolve(TableVersion.dirName(0, "adopted-" + runId));
        Files.move(building, v0, StandardCopyOption.ATOMIC_MOVE);
        Path aside = versions.resolve(".legacy-" + runId);
        Files.move(link, aside, StandardCopyOption.ATOMIC_MOVE);
        Path tmp = versions.resolve(".link-" + runId);
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, link.getParent().relativize(v0));
        Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE);
        TableFiles.deleteTree(aside);
    }

    /** A run killed between moving a plain folder aside and linking its version 0: link it now. */
    private static void finishInterruptedAdoption(Path versions, Path link) throws IOException {
        if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> legacy = new ArrayList<>();
        try (Stream<Path> s = Files.list(versions)) {
            s.filter(p -> p.getFileName().toString().startsWith(".legacy-")).forEach(legacy::add);
        }
        if (legacy.isEmpty()) {
            return;
        }
        Optional<TableVersion> v0 = versionsOf(versions).stream().filter(v -> v.number() == 0).findFirst();
        if (v0.isPresent()) {
            Path tmp = versions.resolve(".link-recover");
            Files.deleteIfExists(tmp);
            Files.createSymbolicLink(tmp, link.getParent().relativize(v0.get().dir()));
            Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE);
        } else {
            Files.move(legacy.get(0), link, StandardCopyOption.ATOMIC_MOVE); // v0 never appeared: put it back
        }
    }

    private static List<TableVersion> versionsOf(Path versions) throws IOException {
        List<TableVersion> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(versions)) {
            s.forEach(p -> TableVersion.parse(p).ifPresent(out::add));
        }
        return out;
    }

    /** Ends the transaction: without a commit the staged files are deleted; the lock is released. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            TableFiles.deleteTree(staging);
            TableFiles.deleteTree(versions.resolve(".building-" + runId));
            workDirs.forEach(TableFiles::deleteTree);
        } finally {
            lock.close();
        }
    }
}
