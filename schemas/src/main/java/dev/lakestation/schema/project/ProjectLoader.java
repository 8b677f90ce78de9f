package dev.lakestation.schema.project;

import dev.lakestation.schema.Problem;
import dev.lakestation.schema.model.Attribute;
import dev.lakestation.schema.model.Domain;
import dev.lakestation.schema.model.Freshness;
import dev.lakestation.schema.model.Metadata;
import dev.lakestation.schema.model.Sink;
import dev.lakestation.schema.model.Table;
import dev.lakestation.schema.model.Task;
import dev.lakestation.schema.model.WriteStrategy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a Starlake project unchanged and reports every problem at once, each as {@code file:line: message}.
 *
 * <pre>{@code
 * LoadResult r = ProjectLoader.load(Path.of("/projects/starbake"), "DEV");
 * if (r.hasErrors()) {
 *     r.problems().forEach(System.err::println);
 * } else {
 *     Project p = r.orThrow();
 * }
 * }</pre>
 *
 * <p>Files read: {@code metadata/application.sl.yml}, {@code metadata/env.sl.yml}, {@code metadata/env.<ENV>.sl.yml},
 * {@code metadata/types/*.sl.yml}, {@code metadata/load/<domain>/_config.sl.yml} and {@code <table>.sl.yml},
 * {@code metadata/transform/<domain>/_config.sl.yml}, {@code *.sql}, {@code *.sql.j2}, {@code *.sl.yml}. Every
 * file stays inside the root ({@link ProjectPaths}).
 */
public final class ProjectLoader {
    private final ProjectPaths paths;
    private final Path root;
    private final Problems problems = new Problems();
    private final Locations locations = new Locations();
    private final Map<String, String> overrides;
    private EnvVars env;
    private String envName;

    private ProjectLoader(ProjectPaths paths, Map<String, String> overrides) {
        this.paths = paths;
        this.root = paths.root();
        this.overrides = overrides;
    }

    /** Loads the project at {@code root} with the environment {@code env} (null or blank: none, or SL_ENV of env.sl.yml). */
    public static LoadResult load(Path root, String env) {
        return load(root, env, Map.of());
    }

    /**
     * Loads with explicit variable overrides (highest precedence, like Starlake's {@code --options}).
     */
    public static LoadResult load(Path root, String env, Map<String, String> overrides) {
        Path abs = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            Problems p = new Problems();
            p.error(abs.toString(), 1, "project root is not a directory");
            return new LoadResult(p.sorted(), Optional.empty());
        }
        return new ProjectLoader(ProjectPaths.of(abs), overrides).run(env);
    }

    private Path meta(String rel) {
        return root.resolve("metadata").resolve(rel);
    }

    private YamlContext ctx(Path file) {
        return new YamlContext(paths.display(file), problems, env, locations);
    }

    private LoadResult run(String requestedEnv) {
        if (!Files.isDirectory(root.resolve("metadata"))) {
            problems.error("metadata", 1, "no metadata directory in " + root);
            return new LoadResult(problems.sorted(), Optional.empty());
        }
        loadEnv(requestedEnv);
        Settings settings = SettingsReader.read(paths, meta("application.sl.yml"), root, problems, env, locations);
        ProjectTypes types = ProjectTypes.load(paths, meta("types"), problems);
        List<Domain> domains = loadDomains();
        List<Task> tasks = loadTasks();
        new ProjectChecks(paths, problems, locations, types, settings).check(domains, tasks);
        List<Problem> all = problems.sorted();
        Optional<Project> project = problems.hasErrors() ? Optional.empty()
                : Optional.of(new Project(root, envName, env, settings, domains, tasks, types,
                        all.stream().filter(p -> !p.isError()).toList()));
        return new LoadResult(all, project);
    }

    // ---------------------------------------------------------------- env

    private void loadEnv(String requestedEnv) {
        Map<String, String> external = new LinkedHashMap<>(System.getenv());
        external.put("SL_ROOT", root.toString());
        EnvVars ext = EnvVars.of(external);
        Map<String, String> global = new LinkedHashMap<>();
        Map<String, Integer> globalLines = readEnvFile(meta("env.sl.yml"), global);
        global.replaceAll((k, v) -> ext.substitute(v));
        envName = requestedEnv != null && !requestedEnv.isBlank() ? requestedEnv.trim() : global.get("SL_ENV");
        Map<String, String> local = new LinkedHashMap<>();
        Map<String, Integer> localLines = Map.of();
        Path localFile = null;
        if (envName != null && !envName.isBlank() && !envName.equals("None")) {
            localFile = meta("env." + envName + ".sl.yml");
            if (Files.isRegularFile(localFile)) {
                localLines = readEnvFile(localFile, local);
                Map<String, String> raw = new LinkedHashMap<>(local);
                EnvVars outer = ext.with(global);
                // as Starlake: a profile value first sees the profile's other values, then the defaults
                local.replaceAll((k, v) -> {
                    Map<String, String> others = new LinkedHashMap<>(raw);
                    others.remove(k);
                    return outer.substitute(EnvVars.of(others).substitute(v));
                });
            } else {
                problems.warning(paths.display(localFile), 1, "environment '" + envName
                        + "' selected but this file does not exist: only env.sl.yml applies");
            }
        }
        Map<String, String> all = new LinkedHashMap<>(external);
        all.putAll(global);
        all.putAll(local);
        all.putAll(overrides);
        env = EnvVars.of(all);
        warnUndefined(meta("env.sl.yml"), global, globalLines, local.keySet());
        if (localFile != null) {
            warnUndefined(localFile, local, localLines, Set.of());
        }
    }

    private void warnUndefined(Path file, Map<String, String> values, Map<String, Integer> lines, Set<String> shadowed) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (shadowed.contains(e.getKey())) {
                continue;
            }
            for (String u : env.undefinedIn(e.getValue())) {
                problems.warning(paths.display(file), lines.getOrDefault(e.getKey(), 1),
                        "undefined variable '" + u + "' in '" + e.getKey() + "' (left as written)");
            }
        }
    }

    /** Raw values of an env file's {@code env:} map into {@code out}; returns each key's line. */
    private Map<String, Integer> readEnvFile(Path file, Map<String, String> out) {
        Map<String, Integer> lines = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return lines;
        }
        YamlContext raw = new YamlContext(paths.display(file), problems, null, locations);
        YamlMap top = YamlFiles.read(paths, file, raw);
        if (top == null) {
            return lines;
        }
        top.accept("version");
        YamlMap vars = top.map("env");
        top.warnUnknown("an env file");
        if (vars == null) {
            if (!top.has("env")) {
                raw.error(top.line(), "missing 'env:' mapping");
            }
            return lines;
        }
        for (String k : vars.keys()) {
            String v = vars.string(k);
            out.put(k, v == null ? "" : v);
            lines.put(k, vars.lineOf(k));
        }
        return lines;
    }

    // ---------------------------------------------------------------- load domains

    private List<Domain> loadDomains() {
        List<Domain> domains = new ArrayList<>();
        Path loadDir = meta("load");
        List<Path> dirs;
        try {
            dirs = paths.list(loadDir);
        } catch (ProjectPaths.PathEscapeException e) {
            problems.error(paths.display(loadDir), 1, e.getMessage());
            return domains;
        }
        for (Path dir : dirs) {
            try {
                paths.check(dir);
            } catch (ProjectPaths.PathEscapeException e) {
                problems.error(paths.display(dir), 1, e.getMessage());
                continue;
            }
            if (!Files.isDirectory(dir)) {
                if (dir.getFileName().toString().endsWith(".sl.yml")) {
                    problems.warning(paths.display(dir), 1,
                            "ignored: domains live in metadata/load/<domain>/_config.sl.yml");
                }
                continue;
            }
            Domain d = loadDomain(dir);
            if (d != null) {
                domains.add(d);
            }
        }
        return domains;
    }

    private List<Path> listSafely(Path dir) {
        try {
            return paths.list(dir);
        } catch (ProjectPaths.PathEscapeException e) {
            problems.error(paths.display(dir), 1, e.getMessage());
            return List.of();
        }
    }

    private Domain loadDomain(Path dir) {
        Path config = dir.resolve("_config.sl.yml");
        List<Path> files = listSafely(dir);
        if (!Files.exists(config)) {
            if (files.stream().anyMatch(f -> f.getFileName().toString().endsWith(".sl.yml"))) {
                problems.warning(paths.display(dir), 1, "folder ignored: it has table files but no _config.sl.yml");
            }
            return null;
        }
        YamlContext ctx = ctx(config);
        YamlMap top = YamlFiles.read(paths, config, ctx);
        String folder = dir.getFileName().toString();
        String name = folder;
        Metadata metadata = Metadata.EMPTY;
        String comment = null;
        Set<String> tags = null;
        String rename = null;
        String database = null;
        int nameLine = 1;
        if (top != null) {
            top.accept("version");
            YamlMap load = top.map("load");
            top.warnUnknown("a domain file");
            if (load == null) {
                if (!top.has("load")) {
                    ctx.error(top.line(), "missing 'load:' (a domain file starts with 'load:')");
                }
            } else {
                String n = load.string("name");
                nameLine = load.lineOf("name");
                if (n != null && !n.isBlank()) {
                    name = n;
                }
                metadata = ModelReader.metadata(load.map("metadata"));
                comment = load.string("comment");
                tags = load.stringSet("tags");
                rename = load.string("rename");
                database = load.string("database");
                if (load.has("tables")) {
                    load.node("tables");
                    ctx.warning(load.node("tables"), "inline 'tables' are ignored: since Starlake 1.2 each table has "
                            + "its own <table>.sl.yml file");
                }
                load.warnUnknown("domain '" + name + "'");
            }
        }
        List<Table> tables = new ArrayList<>();
        for (Path f : files) {
            String fn = f.getFileName().toString();
            if (fn.equals("_config.sl.yml") || !fn.endsWith(".sl.yml") || !Files.isRegularFile(f)) {
                continue;
            }
            Table t = loadTable(f, metadata);
            if (t != null) {
                tables.add(t);
            }
        }
        Domain d = new Domain(name, metadata, comment, tags, rename, database, tables, root.relativize(config));
        locations.putLine(d, paths.display(config), nameLine);
        return d;
    }

    private Table loadTable(Path file, Metadata domainMetadata) {
        YamlContext ctx = ctx(file);
        YamlMap top = YamlFiles.read(paths, file, ctx);
        if (top == null) {
            return null;
        }
        top.accept("version");
        YamlMap t = top.map("table");
        top.warnUnknown("a table file");
        if (t == null) {
            if (!top.has("table")) {
                ctx.error(top.line(), "missing 'table:' (a table file starts with 'table:')");
            }
            return null;
        }
        String fn = file.getFileName().toString();
        String name = t.string("name");
        if (name == null || name.isBlank()) {
            name = fn.substring(0, fn.length() - ".sl.yml".length());
        }
        Pattern pattern = null;
        String p = t.string("pattern");
        if (p == null) {
            ctx.error(t.line(), "table '" + name + "' has no 'pattern' (the regex matching its file names)");
        } else {
            try {
                pattern = Pattern.compile(p);
            } catch (PatternSyntaxException e) {
                ctx.error(t.lineOf("pattern"), "table '" + name + "': invalid pattern '" + p + "': "
                        + e.getDescription() + " near index " + e.getIndex());
            }
        }
        List<YamlMap> attrMaps = t.maps("attributes");
        List<Attribute> attributes = ModelReader.attributes(attrMaps);
        if (attributes.isEmpty()) {
            ctx.error(t.lineOf("attributes"), "table '" + name + "' declares no attributes");
        }
        Metadata own = ModelReader.metadata(t.map("metadata"));
        List<Object> expectations = new ArrayList<>();
        Object ex = t.raw("expectations");
        if (ex instanceof List<?> l) {
            expectations.addAll(l);
        } else if (ex != null) {
            expectations.add(ex);
        }
        Table table = new Table(name, pattern == null ? Pattern.compile("(?!)") : pattern, attributes,
                domainMetadata.merge(own), own, t.strings("primaryKey"), t.string("filter"), t.strings("presql"),
                t.strings("postsql"), t.string("comment"), t.stringSet("tags"), t.string("rename"), expectations,
                t.string("patternSample"), root.relativize(file));
        t.accept("sample", "rls", "acl", "streams");
        t.warnUnknown("table '" + name + "'");
        locations.put(table, ctx.file, t);
        return table;
    }

    // ---------------------------------------------------------------- transform tasks

    /** Task fields read from a {@code task:} mapping or a {@code default:} block. */
    private record TaskFields(String name, String domain, String table, String database, String sql,
                              List<String> presql, List<String> postsql, Sink sink, WriteStrategy writeStrategy,
                              String schedule, String dagRef, Freshness freshness, String comment, Set<String> tags,
                              List<Attribute> attributes, List<String> primaryKey, Boolean parseSQL,
                              String connectionRef, Long taskTimeoutMs, List<Object> expectations, int line) {
    }

    private TaskFields taskFields(YamlMap m, String where) {
        List<Object> expectations = new ArrayList<>();
        Object ex = m.raw("expectations");
        if (ex instanceof List<?> l) {
            expectations.addAll(l);
        } else if (ex != null) {
            expectations.add(ex);
        }
        TaskFields f = new TaskFields(m.string("name"), m.string("domain"), m.string("table"), m.string("database"),
                m.string("sql"), m.strings("presql"), m.strings("postsql"), ModelReader.sink(m.map("sink")),
                ModelReader.writeStrategy(m.map("writeStrategy")), m.string("schedule"), m.string("dagRef"),
                freshness(m.map("freshness")), m.string("comment"), m.stringSet("tags"),
                ModelReader.attributes(m.maps("attributes")), m.strings("primaryKey"), m.bool("parseSQL"),
                m.string("connectionRef"), m.longValue("taskTimeoutMs"), expectations, m.line());
        m.accept("rls", "acl", "streams", "syncStrategy", "assetTriggeringStrategy", "python");
        m.warnUnknown(where);
        locations.put(f, m.ctx().file, m);
        return f;
    }

    private static Freshness freshness(YamlMap m) {
        if (m == null) {
            return null;
        }
        Freshness f = new Freshness(m.string("warn"), m.string("error"));
        m.warnUnknown("freshness");
        return f;
    }

    private List<Task> loadTasks() {
        List<Task> tasks = new ArrayList<>();
        for (Path dir : listSafely(meta("transform"))) {
            if (Files.isDirectory(dir)) {
                tasks.addAll(loadJob(dir));
            }
        }
        tasks.sort(Comparator.comparing(Task::fullName));
        return tasks;
    }

    private List<Task> loadJob(Path dir) {
        String folder = dir.getFileName().toString();
        TaskFields dflt = null;
        List<TaskFields> inline = new ArrayList<>();
        Path config = dir.resolve("_config.sl.yml");
        if (Files.exists(config)) {
            YamlContext ctx = ctx(config);
            YamlMap top = YamlFiles.read(paths, config, ctx);
            if (top != null) {
                top.accept("version");
                YamlMap tr = top.map("transform");
                top.warnUnknown("a transform _config file");
                if (tr == null) {
                    if (!top.has("transform")) {
                        ctx.error(top.line(), "missing 'transform:'");
                    }
                } else {
                    YamlMap d = tr.map("default");
                    if (d != null) {
                        dflt = taskFields(d, "transform default");
                    }
                    List<YamlMap> ts = tr.maps("tasks");
                    if (ts != null) {
                        for (YamlMap t : ts) {
                            inline.add(taskFields(t, "task"));
                        }
                    }
                    tr.accept("name", "comment");
                    tr.warnUnknown("transform");
                }
            }
        }
        // files grouped by task prefix: <p>.sql | <p>.sql.j2 | <p>.sl.yml | <p>.py
        Map<String, Map<String, Path>> byPrefix = new TreeMap<>();
        for (Path f : listSafely(dir)) {
            String fn = f.getFileName().toString();
            if (!Files.isRegularFile(f) || fn.startsWith("_config.") || fn.startsWith(".")) {
                continue;
            }
            for (String ext : List.of(".sl.yml", ".sql.j2", ".sql", ".py")) {
                if (fn.endsWith(ext)) {
                    byPrefix.computeIfAbsent(fn.substring(0, fn.length() - ext.length()), k -> new LinkedHashMap<>())
                            .put(ext, f);
                    break;
                }
            }
        }
        List<Task> out = new ArrayList<>();
        Set<String> inlineNames = new LinkedHashSet<>();
        for (TaskFields t : inline) {
            Task task = buildTask(folder, t.name(), t, null, false, config, dflt);
            if (task != null) {
                inlineNames.add(task.name());
                out.add(task);
            }
        }
        for (Map.Entry<String, Map<String, Path>> e : byPrefix.entrySet()) {
            String prefix = e.getKey();
            Map<String, Path> files = e.getValue();
            if (files.containsKey(".py")) {
                problems.warning(paths.display(files.get(".py")), 1, "Python tasks are not supported by Lakestation; ignored");
                if (files.size() == 1) {
                    continue;
                }
            }
            if (files.containsKey(".sql") && files.containsKey(".sql.j2")) {
                problems.error(paths.display(files.get(".sql.j2")), 1, "task '" + prefix + "' has both "
                        + prefix + ".sql and " + prefix + ".sql.j2");
            }
            Path sqlFile = files.containsKey(".sql") ? files.get(".sql") : files.get(".sql.j2");
            TaskFields fields = null;
            Path yml = files.get(".sl.yml");
            if (yml != null) {
                YamlContext ctx = ctx(yml);
                YamlMap top = YamlFiles.read(paths, yml, ctx);
                if (top != null) {
                    top.accept("version");
                    YamlMap tm = top.map("task");
                    top.warnUnknown("a task file");
                    if (tm == null) {
                        if (!top.has("task")) {
                            ctx.error(top.line(), "missing 'task:'");
                        }
                    } else {
                        fields = taskFields(tm, "task '" + prefix + "'");
                    }
                }
            }
            if (sqlFile == null && yml == null) {
                continue;
            }
            Task task = buildTask(folder, prefix, fields, sqlFile, sqlFile != null && sqlFile.toString().endsWith(".j2"),
                    yml != null ? yml : sqlFile, dflt);
            if (task != null && !inlineNames.contains(task.name())) {
                out.add(task);
            }
        }
        return out;
    }

    private Task buildTask(String folder, String prefix, TaskFields f, Path sqlFile, boolean jinja, Path source,
                           TaskFields d) {
        String sql = null;
        if (sqlFile != null) {
            try {
                sql = paths.read(sqlFile);
            } catch (RuntimeException e) {
                problems.error(paths.display(sqlFile), 1, e.getMessage());
            }
        }
        if (sql == null && f != null) {
            sql = f.sql();
        }
        String name = f != null && f.name() != null && !f.name().isBlank() ? f.name() : prefix;
        if (name == null || name.isBlank()) {
            name = f != null ? f.table() : null;
        }
        if (name == null || name.isBlank()) {
            problems.error(paths.display(source), f == null ? 1 : f.line(), "task without name or table");
            return null;
        }
        String table = f != null && f.table() != null && !f.table().isBlank() ? f.table() : name;
        String domain = f != null && f.domain() != null && !f.domain().isBlank() ? f.domain()
                : d != null && d.domain() != null ? d.domain() : folder;
        // AutoTaskInfo.merge: default first for lists, task wins for single values (freshness: default wins)
        List<String> presql = concat(d == null ? null : d.presql(), f == null ? null : f.presql());
        List<String> postsql = concat(d == null ? null : d.postsql(), f == null ? null : f.postsql());
        Sink ds = d == null ? null : d.sink();
        Sink fs = f == null ? null : f.sink();
        Sink sink = ds != null ? ds.merge(fs) : fs;
        Set<String> tags = new LinkedHashSet<>();
        if (d != null && d.tags() != null) {
            tags.addAll(d.tags());
        }
        if (f != null && f.tags() != null) {
            tags.addAll(f.tags());
        }
        List<Object> expectations = new ArrayList<>();
        if (d != null) {
            expectations.addAll(d.expectations());
        }
        if (f != null) {
            expectations.addAll(f.expectations());
        }
        Task task = new Task(name, domain, table,
                pick(f == null ? null : f.database(), d == null ? null : d.database()),
                sql, sqlFile == null ? null : root.relativize(sqlFile), jinja, presql, postsql, sink,
                pick(f == null ? null : f.writeStrategy(), d == null ? null : d.writeStrategy()),
                pick(f == null ? null : f.schedule(), d == null ? null : d.schedule()),
                pick(f == null ? null : f.dagRef(), d == null ? null : d.dagRef()),
                pick(d == null ? null : d.freshness(), f == null ? null : f.freshness()),
                f == null ? null : f.comment(), tags, f == null ? null : f.attributes(),
                f == null ? null : f.primaryKey(),
                pick(f == null ? null : f.parseSQL(), d == null ? null : d.parseSQL()),
                pick(f == null ? null : f.connectionRef(), d == null ? null : d.connectionRef()),
                pick(f == null ? null : f.taskTimeoutMs(), d == null ? null : d.taskTimeoutMs()),
                expectations, root.relativize(source));
        if (f != null && paths.display(source).equals(locations.has(f) ? locations.file(f) : null)) {
            locations.copy(f, task);
        } else {
            locations.putLine(task, paths.display(source), f == null ? 1 : f.line());
        }
        return task;
    }

    private static <T> T pick(T first, T second) {
        return first != null ? first : second;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>();
        if (a != null) {
            out.addAll(a);
        }
        if (b != null) {
            out.addAll(b);
        }
        return out;
    }
}
