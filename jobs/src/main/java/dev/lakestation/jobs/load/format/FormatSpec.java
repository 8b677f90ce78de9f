package dev.lakestation.jobs.load.format;

import dev.lakestation.schema.model.Table;

/** STUB (replaced by the formats branch). */
public record FormatSpec(String separator, boolean withHeader) implements java.io.Serializable {
    public static FormatSpec of(Table table, boolean needFieldNames) {
        return new FormatSpec(table.metadata().resolveSeparator(), table.metadata().resolveWithHeader());
    }

    public boolean splittable(String fileName) {
        return false;
    }
}
