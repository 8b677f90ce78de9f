package dev.lakestation.jobs.table;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One immutable version of a table: folder {@code v<number, 6 digits>-<runId>} under the table's versions folder.
 *
 * @param number version number (0 = a plain folder adopted on the first commit, then 1, 2, ...)
 * @param runId  the run that committed it
 * @param dir    the version folder (absolute, not through the table's symbolic link)
 */
public record TableVersion(long number, String runId, Path dir) {
    private static final Pattern NAME = Pattern.compile("v(\\d{6,})-(.+)");

    static String dirName(long number, String runId) {
        return String.format("v%06d-%s", number, runId);
    }

    static Optional<TableVersion> parse(Path dir) {
        Matcher m = NAME.matcher(dir.getFileName().toString());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new TableVersion(Long.parseLong(m.group(1)), m.group(2), dir));
    }

    /** {@code name} with this version's file prefix ({@code v000007-part-....parquet}), an older prefix replaced. */
    static String fileName(long number, String name) {
        String base = name.matches("v\\d{6,}-.*") ? name.substring(name.indexOf('-') + 1) : name;
        return String.format("v%06d-%s", number, base);
    }
}
