package dev.lakestation.schema.project;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code application:} of {@code metadata/application.sl.yml}. Precedence per value: the YAML, then Starlake's
 * environment variable, then Starlake's default. Only the keys Lakestation uses are read; the many other Starlake
 * settings (connections, spark, ...) are accepted silently.
 */
final class SettingsReader {
    private SettingsReader() {
    }

    static Settings read(ProjectPaths paths, Path file, Path root, Problems problems, EnvVars env, Locations locs) {
        Settings d = Settings.defaults(root);
        YamlMap app = null;
        if (Files.exists(file)) {
            YamlContext ctx = new YamlContext(paths.display(file), problems, env, locs);
            YamlMap top = YamlFiles.read(paths, file, ctx);
            if (top != null) {
                top.accept("version");
                app = top.map("application");
                top.warnUnknown("application.sl.yml");
                if (app == null && !top.has("application")) {
                    ctx.error(top.line(), "missing 'application:'");
                }
            }
        }
        Values v = new Values(app, env);
        String datasets = v.str(null, "datasets", "SL_DATASETS", d.datasets());
        Path ds = root.resolve(datasets).normalize();
        datasets = ds.toString();
        Set<String> privacy = new LinkedHashSet<>(Settings.DEFAULT_PRIVACY);
        YamlMap priv = app == null ? null : app.map("privacy");
        if (priv != null) {
            Map<String, String> opts = priv.stringMap("options");
            if (opts != null) {
                opts.keySet().forEach(k -> privacy.add(k.toLowerCase(Locale.ROOT)));
            }
        }
        Map<String, String> presets = app == null ? null : app.stringMap("schedulePresets");
        int maxErrors = d.auditMaxErrors();
        String me = v.str("audit", "maxErrors", "SL_AUDIT_MAX_ERRORS", null);
        if (me != null) {
            try {
                maxErrors = Integer.parseInt(me.trim());
            } catch (NumberFormatException e) {
                problems.error(paths.display(file), app == null ? 1 : app.lineOf("audit"),
                        "audit.maxErrors must be an integer, not '" + me + "'");
            }
        }
        return new Settings(datasets,
                v.str("area", "incoming", "SL_AREA_INCOMING", env.get("SL_INCOMING").orElse(d.incoming())),
                v.str("area", "stage", "SL_AREA_STAGE", d.stage()),
                v.str("area", "unresolved", "SL_AREA_UNRESOLVED", d.unresolved()),
                v.str("area", "archive", "SL_AREA_ARCHIVE", d.archiveArea()),
                v.str("area", "ingesting", "SL_AREA_INGESTING", d.ingesting()),
                v.str("area", "replay", "SL_AREA_REPLAY", d.replay()),
                v.bool(null, "archive", "SL_ARCHIVE", d.archive()),
                v.str("audit", "domain", "SL_AUDIT_DOMAIN", d.auditDomain()),
                root.resolve(v.str("audit", "path", "SL_AUDIT_PATH", datasets + "/audit")).normalize().toString(),
                maxErrors,
                v.bool("audit", "detailedLoadAudit", "SL_DETAILED_LOAD_AUDIT", d.detailedLoadAudit()),
                v.str(null, "timezone", "SL_TIMEZONE", d.timezone()),
                v.bool(null, "rejectWithValue", "SL_REJECT_WITH_VALUE", d.rejectWithValue()),
                v.bool(null, "emptyIsNull", "SL_EMPTY_IS_NULL", d.emptyIsNull()),
                v.bool(null, "rejectAllOnError", "SL_REJECT_ALL_ON_ERROR", d.rejectAllOnError()),
                v.bool(null, "grouped", "SL_GROUPED", d.grouped()),
                v.bool(null, "sinkReplayToFile", "SL_SINK_REPLAY_TO_FILE", d.sinkReplayToFile()),
                v.str(null, "defaultWriteFormat", "SL_DEFAULT_WRITE_FORMAT", d.defaultWriteFormat()),
                v.str(null, "scd2StartTimestamp", "SL_SCD2_START_TIMESTAMP", d.scd2StartTimestamp()),
                v.str(null, "scd2EndTimestamp", "SL_SCD2_END_TIMESTAMP", d.scd2EndTimestamp()),
                privacy, presets == null ? Map.of() : new LinkedHashMap<>(presets), me != null);
    }

    /** Value lookup over the YAML (optionally in a section), then an environment variable. */
    private static final class Values {
        private final YamlMap app;
        private final EnvVars env;

        Values(YamlMap app, EnvVars env) {
            this.app = app;
            this.env = env;
        }

        String str(String section, String key, String envVar, String dflt) {
            if (app != null) {
                YamlMap m = section == null ? app : app.map(section);
                if (m != null) {
                    String s = m.string(key);
                    if (s != null) {
                        return s;
                    }
                }
            }
            return env.get(envVar).orElse(dflt);
        }

        boolean bool(String section, String key, String envVar, boolean dflt) {
            String s = str(section, key, envVar, null);
            return s == null ? dflt : Boolean.parseBoolean(s.trim());
        }
    }
}
