package dev.lakestation.schema.project;

import java.util.Map;
import java.util.Set;

/**
 * The {@code metadata/application.sl.yml} settings Lakestation uses, with Starlake's defaults
 * ({@code reference-general.conf}, {@code reference-audit.conf}). A value is taken from the YAML, else from
 * Starlake's environment variable ({@code SL_ARCHIVE}, ...), else the default.
 *
 * <pre>{@code
 * Settings s = Settings.defaults(Path.of("/project"));
 * s.datasets();          // "/project/datasets"
 * s.incoming();          // "incoming"
 * s.auditMaxErrors();    // 100
 * }</pre>
 *
 * @param datasets           datasets root (default {@code <root>/datasets}, {@code SL_DATASETS})
 * @param incoming           incoming area name ("incoming")
 * @param stage              stage area name ("stage")
 * @param unresolved         unresolved area name ("unresolved")
 * @param archiveArea        archive area name ("archive")
 * @param ingesting          ingesting area name ("ingesting")
 * @param replay             replay area name ("replay")
 * @param archive            archive loaded files (true) or delete them
 * @param auditDomain        audit domain ("audit")
 * @param auditPath          audit location (default {@code <datasets>/audit})
 * @param auditMaxErrors     rejected rows kept per load (100)
 * @param detailedLoadAudit  one audit row per file (false)
 * @param timezone           default time zone ("UTC")
 * @param rejectWithValue    append {@code : <value>} to rejection messages (false)
 * @param emptyIsNull        global emptyIsNull (true)
 * @param rejectAllOnError   reject the whole load on any rejected row (false)
 * @param grouped            load all files of a table in one job (false)
 * @param sinkReplayToFile   write rejected raw lines to the replay area (false)
 * @param defaultWriteFormat "parquet"
 * @param scd2StartTimestamp "sl_start_ts"
 * @param scd2EndTimestamp   "sl_end_ts"
 * @param privacyOptions     privacy function names, lower case (Starlake's {@code privacy.options} keys)
 * @param schedulePresets    named cron presets
 * @param auditMaxErrorsSet  {@code audit.maxErrors} was set (YAML or {@code SL_AUDIT_MAX_ERRORS}): Lakestation then
 *                           keeps only that many rejected rows; by default it keeps every one
 */
public record Settings(String datasets, String incoming, String stage, String unresolved, String archiveArea,
                       String ingesting, String replay, boolean archive, String auditDomain, String auditPath,
                       int auditMaxErrors, boolean detailedLoadAudit, String timezone, boolean rejectWithValue,
                       boolean emptyIsNull, boolean rejectAllOnError, boolean grouped, boolean sinkReplayToFile,
                       String defaultWriteFormat, String scd2StartTimestamp, String scd2EndTimestamp,
                       Set<String> privacyOptions, Map<String, String> schedulePresets, boolean auditMaxErrorsSet)
        implements java.io.Serializable {

    /** Starlake's default privacy functions ({@code privacy.options} in reference-general.conf), lower case. */
    public static final Set<String> DEFAULT_PRIVACY = Set.of("none", "hide", "hide10x", "approxlong20", "md5",
            "sha1", "sha256", "sha512", "initials");

    public Settings {
        privacyOptions = Set.copyOf(privacyOptions);
        schedulePresets = Map.copyOf(schedulePresets);
    }

    /** Starlake's defaults for a project rooted at {@code root} (environment variables not consulted). */
    public static Settings defaults(java.nio.file.Path root) {
        String datasets = root.resolve("datasets").toString();
        return new Settings(datasets, "incoming", "stage", "unresolved", "archive", "ingesting", "replay", true,
                "audit", datasets + "/audit", 100, false, "UTC", false, true, false, false, false, "parquet",
                "sl_start_ts", "sl_end_ts", DEFAULT_PRIVACY, Map.of(), false);
    }

    /** {@code <datasets>/<area>/<domain>}, Starlake's {@code DatasetArea.path}. */
    public java.nio.file.Path areaPath(String area, String domain) {
        return java.nio.file.Path.of(datasets, area, domain);
    }
}
