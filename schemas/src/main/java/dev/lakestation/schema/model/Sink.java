package dev.lakestation.schema.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where and how a table is written (Starlake's {@code AllSinks}). Fields Lakestation does not use (BigQuery
 * sharding, days, materializedView, ES id, ...) are kept raw in {@link #extra()}.
 *
 * @param connectionRef connection name, or null
 * @param format        output format (parquet when null), or null
 * @param extension     file extension, or null
 * @param partition     partition columns (Hive-style folders), never null
 * @param clustering    clustering columns, never null
 * @param coalesce      write one file per partition when true, or null
 * @param options       writer options, never null
 * @param extra         other sink keys with their raw values, never null
 */
public record Sink(String connectionRef, String format, String extension, List<String> partition,
                   List<String> clustering, Boolean coalesce, Map<String, String> options, Map<String, Object> extra)
        implements java.io.Serializable {

    public Sink {
        partition = partition == null ? List.of() : List.copyOf(partition);
        clustering = clustering == null ? List.of() : List.copyOf(clustering);
        options = options == null ? Map.of() : Map.copyOf(options);
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** An empty sink (all defaults). */
    public static Sink empty() {
        return new Sink(null, null, null, null, null, null, null, null);
    }

    /**
     * Field-by-field merge where {@code child}'s set fields win (used for a transform's default sink), as
     * Starlake's {@code AllSinks.merge}.
     */
    public Sink merge(Sink child) {
        if (child == null) {
            return this;
        }
        Map<String, String> opts = new LinkedHashMap<>(options);
        opts.putAll(child.options);
        Map<String, Object> ex = new LinkedHashMap<>(extra);
        ex.putAll(child.extra);
        return new Sink(
                child.connectionRef != null ? child.connectionRef : connectionRef,
                child.format != null ? child.format : format,
                child.extension != null ? child.extension : extension,
                child.partition.isEmpty() ? partition : child.partition,
                child.clustering.isEmpty() ? clustering : child.clustering,
                child.coalesce != null ? child.coalesce : coalesce,
                opts, ex);
    }
}
