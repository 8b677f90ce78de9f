package dev.lakestation.jobs.table;

import dev.lakestation.jobs.area.TableLock;
import dev.lakestation.schema.project.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The warehouse tables of a datasets folder and their commit protocol (see {@code jobs/docs/table-commit.md}).
 *
 * <p>A table {@code <datasets>/warehouse/<domain>/<table>} is a relative symbolic link to its current version,
 * an immutable folder {@code <datasets>/warehouse/.versions/<domain>/<table>/v000007-<runId>/}; a commit builds the
 * next version beside it and switches the link with one atomic rename.
 *
 * <pre>{@code
 * TableStore store = TableStore.of(Path.of(settings.datasets()));
 * try (TableTransaction tx = store.begin("sales", "orders", runId, Duration.ofMinutes(5))) {
 *     writeParquetInto(tx.stagingDir());
 *     CommitResult r = tx.commit(WriteMode.APPEND);
 * }
 * Optional<Path> snapshot = store.currentVersionDir("sales", "orders"); // a stable folder to read
 * }</pre>
 */
public final class TableStore {
    /** Folder under the warehouse that holds the versions; hidden, so warehouse-wide listings skip it. */
    public static final String VERSIONS = ".versions";
    private static final Pattern SAFE_NAME = Pattern.compile("[^/\\\\.][^/\\\\]*");
    private static final Pattern SAFE_RUN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private final Path datasets;
    private final Path warehouse;
    private final Path locks;

    private TableStore(Path datasets, Path locks) {
        this.datasets = datasets.toAbsolutePath().normalize();
        this.warehouse = this.datasets.resolve("warehouse");
        this.locks = locks.toAbsolutePath().normalize();
    }

    /** Tables under {@code <datasetsRoot>/warehouse}, locks in {@code <datasetsRoot>/locks} (Starlake's lock.path). */
    public static TableStore of(Path datasetsRoot) {
        return new TableStore(datasetsRoot, datasetsRoot.resolve("locks"));
    }

    /** Tables and locks of a project's settings ({@code datasets}). */
    public static TableStore of(Settings settings) {
        return of(Path.of(settings.datasets()));
    }

    /** Tables under {@code <datasetsRoot>/warehouse}, locks in {@code locksDir}. */
    public static TableStore of(Path datasetsRoot, Path locksDir) {
        return new TableStore(datasetsRoot, locksDir);
    }

    /** The path readers use: {@code <datasets>/warehouse/<domain>/<table>}. */
    public Path tablePath(String domain, String table) {
        return warehouse.resolve(checkName("domain", domain)).resolve(checkName("table", table));
    }

    /** The folder holding the table's versions and in-flight transactions. */
    public Path versionsDir(String domain, String table) {
        return warehouse.resolve(VERSIONS).resolve(checkName("domain", domain)).resolve(checkName("table", table));
    }

    /**
     * The folder a streaming load writes its finished files into between commits (its Flink {@code FileSink}'s base
     * path): {@code .versions/<domain>/<table>/.stream-<name>}, on the versions' file system. Unlike staging
     * folders it survives other transactions' clean-up, because the job that owns it runs while they commit; its
     * finished files join the table through {@link TableTransaction#stageFinished(Path)}.
     */
    public Path streamDir(String domain, String table, String name) {
        return versionsDir(domain, table).resolve(STREAM_PREFIX + folderSafe(name));
    }

    /**
     * The folder of the retained Flink checkpoints of the streaming load {@code name} of a table:
     * {@code .versions/<domain>/<table>/.stream-<name>.checkpoints}, next to its {@link #streamDir stream folder}
     * (not inside it: Flink deletes subsumed checkpoint folders while the stream folder is listed) and, like it,
     * left alone by other transactions' clean-up.
     */
    public Path checkpointDir(String domain, String table, String name) {
        return versionsDir(domain, table).resolve(STREAM_PREFIX + folderSafe(name) + ".checkpoints");
    }

    static final String STREAM_PREFIX = ".stream-";

    Path locksDir() {
        return locks;
    }

    /** The current version of a table, empty when the table has none (never committed, or a plain folder). */
    public Optional<TableVersion> currentVersion(String domain, String table) {
        Path link = tablePath(domain, table);
        if (!Files.isSymbolicLink(link)) {
            return Optional.empty();
        }
        Path versions = versionsDir(domain, table);
        try {
            Path target = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
            if (!versions.equals(target.getParent())) {
                throw new IllegalStateException("table " + domain + "." + table + ": " + link + " links to " + target
                        + ", not to a version under " + versions + "; not a Lakestation table");
            }
            TableVersion v = TableVersion.parse(target).orElseThrow(() -> new IllegalStateException("table " + domain
                    + "." + table + ": " + link + " links to " + target + ", which is not a version folder"));
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalStateException("table " + domain + "." + table + ": " + link
                        + " links to the missing version " + target);
            }
            return Optional.of(v);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the table link " + link, e);
        }
    }

    /**
     * The folder of the current version — a snapshot that no commit changes (kept until two commits later; open
     * files stay readable after that). Readers that need one exact version list this folder, not the table path.
     */
    public Optional<Path> currentVersionDir(String domain, String table) {
        return currentVersion(domain, table).map(TableVersion::dir);
    }

    /**
     * A run id as folder-safe text: an orchestrator's id ({@code load:starbake@20240301T0000}) with every character
     * outside {@code [A-Za-z0-9_.-]} replaced by {@code _}. Distinct ids of one orchestrator stay distinct in practice
     * (they differ in their period or attempt), and the original id stays in the audit row and the event.
     */
    public static String folderSafe(String runId) {
        String s = runId.replaceAll("[^A-Za-z0-9_.-]", "_");
        return s.isEmpty() || !Character.isLetterOrDigit(s.charAt(0)) && s.charAt(0) != '_' ? "_" + s : s;
    }

    /**
     * Starts a transaction on {@code domain.table}: takes the table's lock (waiting at most {@code lockWait}),
     * removes what failed runs left and adopts a plain table folder as version 0.
     *
     * @throws TableLock.TableLockedException when another run holds the table after {@code lockWait}
     */
    public TableTransaction begin(String domain, String table, String runId, Duration lockWait) {
        checkName("domain", domain);
        checkName("table", table);
        if (runId == null || !SAFE_RUN.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id '" + runId + "' must match " + SAFE_RUN.pattern()
                    + " (it names folders)");
        }
        TableLock lock = TableLock.acquire(locks, domain, table, runId, lockWait);
        try {
            return TableTransaction.open(this, domain, table, runId, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static String checkName(String what, String name) {
        if (name == null || !SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " name '" + name + "' cannot name a folder (empty, a leading"
                    + " '.', or a path separator)");
        }
        return name;
    }
}
