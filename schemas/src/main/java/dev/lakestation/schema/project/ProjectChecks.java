package dev.lakestation.schema.project;

import dev.lakestation.schema.model.Attribute;
import dev.lakestation.schema.model.Domain;
import dev.lakestation.schema.model.Format;
import dev.lakestation.schema.model.Metadata;
import dev.lakestation.schema.model.Sink;
import dev.lakestation.schema.model.Table;
import dev.lakestation.schema.model.Task;
import dev.lakestation.schema.model.WriteStrategy;
import dev.lakestation.schema.model.WriteStrategyType;
import dev.lakestation.schema.validation.InvalidSpecException;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks that need the whole model: types, formats, write strategies, names, landing directories and pattern
 * overlaps. The checks mirror Starlake's {@code checkValidity} methods (SchemaInfo, TableAttribute, Metadata,
 * WriteStrategy, DomainInfo) plus the format requirements Lakestation's readers have.
 */
final class ProjectChecks {
    private static final Pattern DOMAIN_NAME = Pattern.compile("[_a-zA-Z][$£a-zA-Z0-9_]{1,100}");
    private static final Pattern TABLE_NAME = Pattern.compile("[_a-zA-Z][$£a-zA-Z0-9_]{1,256}");
    private static final Pattern COLUMN_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{1,767}");

    private final ProjectPaths paths;
    private final Problems problems;
    private final Locations locs;
    private final ProjectTypes types;
    private final Settings settings;

    ProjectChecks(ProjectPaths paths, Problems problems, Locations locs, ProjectTypes types, Settings settings) {
        this.paths = paths;
        this.problems = problems;
        this.locs = locs;
        this.types = types;
        this.settings = settings;
    }

    void check(List<Domain> domains, List<Task> tasks) {
        Map<String, Domain> byName = new HashMap<>();
        for (Domain d : domains) {
            String file = paths.display(d.source());
            Domain before = byName.put(d.name(), d);
            if (before != null) {
                problems.error(file, locs.line(d), "domain '" + d.name() + "' is also defined in "
                        + paths.display(before.source()));
            }
            if (!DOMAIN_NAME.matcher(d.name()).matches()) {
                problems.error(file, locs.line(d), "domain name '" + d.name() + "' must match " + DOMAIN_NAME.pattern());
            }
            checkMetadata(d.metadata());
            if (d.tables().isEmpty() && d.metadata().writeStrategy() != null) {
                checkStrategy(d.metadata().writeStrategy(), null, null);
            }
            Map<String, Table> tables = new HashMap<>();
            for (Table t : d.tables()) {
                Table other = tables.put(t.name(), t);
                if (other != null) {
                    problems.error(paths.display(t.source()), locs.line(t, "name"), "table '" + t.name()
                            + "' is also defined in " + paths.display(other.source()));
                }
                int errorsBefore = problems.errorCount();
                checkTable(d, t);
                if (problems.errorCount() == errorsBefore) {
                    compile(d, t);
                }
            }
        }
        new PatternOverlaps(paths, problems, locs).check(domains);
        Map<String, Task> seen = new HashMap<>();
        for (Task t : tasks) {
            Task before = seen.put(t.fullName(), t);
            String file = paths.display(t.source());
            if (before != null) {
                problems.error(file, locs.line(t), "task '" + t.fullName() + "' is also defined by "
                        + paths.display(before.source()));
            }
            if (t.sql() == null || t.sql().isBlank()) {
                problems.error(file, locs.line(t), "task '" + t.fullName() + "' has no SQL (no " + t.name()
                        + ".sql or .sql.j2 file and no 'sql:' key)");
            }
            if (t.writeStrategy() != null) {
                checkStrategy(t.writeStrategy(), null, null);
            }
            checkSchedule(t.schedule(), file, locs.line(t, "schedule"));
            checkAttributes("task '" + t.fullName() + "'", t.attributes(), "");
        }
    }

    /**
     * Compiles the table for the record validator (and a POSITION table's line filter), so scripts, filters and
     * privacy expressions the validator does not support are reported now rather than when a load starts.
     */
    private void compile(Domain d, Table t) {
        String file = paths.display(t.source());
        try {
            TableValidator.of(d.name(), t, types, settings);
        } catch (InvalidSpecException e) {
            for (String p : e.problems()) {
                problems.error(file, lineOfAttributeIn(t, p), "table '" + t.name() + "': " + p);
            }
        } catch (IllegalArgumentException e) {
            problems.error(file, locs.line(t), "table '" + t.name() + "': " + e.getMessage());
        }
    }

    /** The line of the attribute a validator message names ({@code attribute `a.b` ...}), else the table's. */
    private int lineOfAttributeIn(Table t, String message) {
        java.util.regex.Matcher m = Pattern.compile("attribute `([^`]+)`").matcher(message);
        if (m.find()) {
            List<Attribute> level = t.attributes();
            Attribute found = null;
            for (String part : m.group(1).split("\\.")) {
                found = level.stream().filter(a -> a.name().equals(part)).findFirst().orElse(null);
                if (found == null) {
                    break;
                }
                level = found.attributes();
            }
            if (found != null && locs.has(found)) {
                return locs.line(found, "name");
            }
        }
        if (message.contains("filter") && locs.has(t)) {
            return locs.line(t, "filter");
        }
        return locs.has(t) ? locs.line(t) : 1;
    }

    private void checkMetadata(Metadata md) {
        if (!locs.has(md)) {
            return;
        }
        checkSchedule(md.schedule(), locs.file(md), locs.line(md, "schedule"));
        if (md.directory() != null) {
            try {
                paths.check(Path.of(md.directory()));
            } catch (ProjectPaths.PathEscapeException | java.nio.file.InvalidPathException e) {
                problems.error(locs.file(md), locs.line(md, "directory"), "directory '" + md.directory()
                        + "' is outside the project root" + (e.getMessage().contains("symbolic link")
                        ? " (through a symbolic link)" : ""));
            }
        }
    }

    private void checkSchedule(String schedule, String file, int line) {
        if (schedule != null && !schedule.contains(" ") && !settings.schedulePresets().containsKey(schedule)) {
            problems.error(file, line, "schedule '" + schedule + "' is neither a cron expression nor a preset of "
                    + "application.sl.yml schedulePresets " + settings.schedulePresets().keySet());
        }
    }

    private void checkTable(Domain d, Table t) {
        String file = paths.display(t.source());
        if (!TABLE_NAME.matcher(t.name()).matches()) {
            problems.error(file, locs.line(t, "name"), "table name '" + t.name() + "' must match " + TABLE_NAME.pattern());
        }
        checkMetadata(t.ownMetadata());
        Metadata md = t.metadata();
        Format format = md.resolveFormat();
        checkAttributes("table '" + t.name() + "'", t.attributes(), "");
        if (format == Format.POSITION) {
            for (Attribute a : t.attributes()) {
                if (a.position() == null && !a.isScripted()) {
                    problems.error(file, locs.line(a, "name"), "attribute '" + a.name() + "' of POSITION table '"
                            + t.name() + "' has no position {first, last}");
                }
            }
        }
        if (format == Format.XML && md.rowTag().isEmpty()) {
            Metadata where = t.ownMetadata().format() != null || d.metadata().format() == null ? t.ownMetadata()
                    : d.metadata();
            if (locs.has(where)) {
                problems.error(locs.file(where), locs.line(where, "format"), "table '" + t.name()
                        + "' is XML but has no options.rowTag (the element holding one record)");
            } else {
                problems.error(file, locs.line(t), "table '" + t.name() + "' is XML but has no options.rowTag");
            }
        }
        // scripted attributes last (Starlake's SchemaInfo.checkValidity; XML attributes "_x" may follow)
        int firstScript = -1;
        int lastPlain = -1;
        for (int i = 0; i < t.attributes().size(); i++) {
            Attribute a = t.attributes().get(i);
            if (a.isScripted() && firstScript < 0) {
                firstScript = i;
            }
            if (!a.isScripted() && !(format == Format.XML && a.finalName().startsWith("_"))) {
                lastPlain = i;
            }
        }
        if (firstScript >= 0 && firstScript < lastPlain) {
            Attribute a = t.attributes().get(firstScript);
            problems.error(file, locs.line(a, "name"), "scripted attribute '" + a.name()
                    + "' must come after every non-scripted attribute (found '" + t.attributes().get(lastPlain).name()
                    + "' after it)");
        }
        for (String k : t.primaryKey()) {
            if (t.attributes().stream().noneMatch(a -> a.finalName().equals(k))) {
                problems.error(file, locs.line(t, "primaryKey"), "primary key '" + k + "' is not an attribute of table '"
                        + t.name() + "'");
            }
        }
        checkPartitionColumns(d, t, md);
        WriteStrategy ws = md.writeStrategy();
        if (ws != null) {
            checkStrategy(ws, t, md);
        }
    }

    /** {@code sink.partition} names attributes of the table: a load writes one Hive folder level per column. */
    private void checkPartitionColumns(Domain d, Table t, Metadata md) {
        List<String> partition = md.resolveSink().partition();
        if (partition.isEmpty() || t.attributes().isEmpty()) {
            return;
        }
        // the sink that declares the columns: the table's own, else the domain's
        Sink own = t.ownMetadata().sink();
        Sink declaring = own != null && !own.partition().isEmpty() ? own : d.metadata().sink();
        String file = locs.has(declaring) ? locs.file(declaring) : paths.display(t.source());
        int line = locs.has(declaring) ? locs.line(declaring, "partition") : locs.line(t);
        // As the load names its Hive folders and finds their values: the output name as written, case included,
        // of an attribute the table keeps (an ignored attribute is dropped from it).
        for (String c : partition) {
            Attribute same = t.attributes().stream().filter(a -> a.finalName().equals(c)).findFirst().orElse(null);
            if (same != null && !same.isIgnored()) {
                continue;
            }
            String why = same != null ? " is an ignored attribute of table '" + t.name() + "' (not written)"
                    : " is not an attribute of table '" + t.name() + "'" + t.attributes().stream()
                            .filter(a -> a.finalName().equalsIgnoreCase(c)).findFirst()
                            .map(a -> " (names are case-sensitive: '" + a.finalName() + "'?)").orElse("");
            problems.error(file, line, "sink.partition column '" + c + "'" + why);
        }
    }

    private void checkStrategy(WriteStrategy ws, Table t, Metadata md) {
        if (!locs.has(ws)) {
            return;
        }
        String file = locs.file(ws);
        WriteStrategyType type = ws.effectiveType();
        if (type.requiresKey() && ws.key().isEmpty()) {
            problems.error(file, locs.line(ws, "type"), "writeStrategy " + type + " needs 'key' (the key columns)");
        }
        if (type.requiresTimestamp() && (ws.timestamp() == null || ws.timestamp().isBlank())) {
            problems.error(file, locs.line(ws, "type"), "writeStrategy " + type + " needs 'timestamp' (a date or timestamp column)");
        }
        if ((ws.startTs() == null) != (ws.endTs() == null)) {
            problems.error(file, locs.line(ws), "writeStrategy: startTs and endTs must be defined together");
        }
        if (t == null || t.attributes().isEmpty()) {
            return;
        }
        String where = " (table '" + t.name() + "')";
        for (String k : ws.key()) {
            if (t.attributes().stream().noneMatch(a -> a.finalName().equalsIgnoreCase(k))) {
                problems.error(file, locs.line(ws, "key"), "writeStrategy key '" + k + "' is not an attribute" + where);
            }
        }
        if (ws.timestamp() != null && !ws.timestamp().isBlank()) {
            boolean ok = t.attributes().stream().anyMatch(a -> a.finalName().equalsIgnoreCase(ws.timestamp())
                    && types.primitiveOf(a.type()).map(p -> p.equals("date") || p.equals("timestamp")).orElse(false));
            if (!ok) {
                problems.error(file, locs.line(ws, "timestamp"), "writeStrategy timestamp '" + ws.timestamp()
                        + "' is not a date or timestamp attribute" + where);
            }
        }
        if (type == WriteStrategyType.OVERWRITE_BY_PARTITION && md.resolveSink().partition().isEmpty()) {
            problems.error(file, locs.line(ws, "type"), "writeStrategy OVERWRITE_BY_PARTITION needs sink.partition" + where);
        }
    }

    private void checkAttributes(String owner, List<Attribute> attrs, String prefix) {
        Map<String, Attribute> names = new HashMap<>();
        for (Attribute a : attrs) {
            if (!locs.has(a)) {
                continue;
            }
            String file = locs.file(a);
            String path = prefix + a.name();
            String where = "attribute '" + path + "' (" + owner + ")";
            if (names.put(a.name(), a) != null) {
                problems.error(file, locs.line(a, "name"), where + " is defined twice");
            }
            String prim = types.primitiveOf(a.type()).orElse(null);
            if (prim == null && !a.isStruct()) {
                problems.error(file, locs.line(a, "type"), "unknown type '" + a.type() + "' for " + where);
            } else if (prim != null && !prim.equals("struct") && a.isStruct()) {
                problems.error(file, locs.line(a, "type"), where + " has type '" + a.type()
                        + "' but nested attributes (use type struct)");
            } else if ("struct".equals(prim) && !a.isStruct()) {
                problems.error(file, locs.line(a, "type"), where + " is a struct without nested attributes");
            }
            if (a.privacy() != null) {
                String p = a.privacy().trim();
                boolean sql = p.toLowerCase(Locale.ROOT).startsWith("sql:");
                if (!sql && !settings.privacyOptions().contains(p.toLowerCase(Locale.ROOT))) {
                    problems.error(file, locs.line(a, "privacy"), "unknown privacy '" + p + "' for " + where
                            + " (expected sql:<expr> or one of " + String.join(", ", settings.privacyOptions().stream()
                            .sorted().toList()) + ")");
                }
            }
            if (a.rename() != null && !COLUMN_NAME.matcher(a.rename()).matches()) {
                problems.error(file, locs.line(a, "rename"), "rename '" + a.rename() + "' of " + where + " must match "
                        + COLUMN_NAME.pattern());
            }
            if (a.defaultValue() != null) {
                if (a.isRequired()) {
                    problems.error(file, locs.line(a, "default"), where + ": a default value is only valid for "
                            + "optional attributes");
                }
                if (a.isArray()) {
                    problems.error(file, locs.line(a, "default"), where + ": a default value is not valid for arrays");
                }
                if (a.isStruct()) {
                    problems.error(file, locs.line(a, "default"), where + ": a default value is not valid for structs");
                }
            }
            if (a.isStruct()) {
                checkAttributes(owner, a.attributes(), path + ".");
            }
        }
    }
}
