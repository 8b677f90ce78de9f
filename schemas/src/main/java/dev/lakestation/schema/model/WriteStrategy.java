package dev.lakestation.schema.model;

import java.util.List;
import java.util.Map;

/**
 * A table's or task's write strategy (Starlake's {@code WriteStrategy}).
 *
 * <pre>{@code
 * WriteStrategy ws = new WriteStrategy(WriteStrategyType.UPSERT_BY_KEY, List.of("id"), null, null, null, null, null, Map.of());
 * ws.effectiveType(); // UPSERT_BY_KEY
 * }</pre>
 *
 * @param type        the strategy, null means APPEND (see {@link #effectiveType()})
 * @param key         key columns (final names), never null
 * @param timestamp   timestamp column for UPSERT_BY_KEY_AND_TIMESTAMP and SCD2, or null
 * @param queryFilter optional filter on existing rows, or null
 * @param on          where merge keys are looked up, or null (Starlake then uses TARGET)
 * @param startTs     SCD2 start column, or null (Settings' scd2StartTimestamp then applies)
 * @param endTs       SCD2 end column, or null
 * @param types       adaptive-write conditions (strategy name → condition), never null
 */
public record WriteStrategy(WriteStrategyType type, List<String> key, String timestamp, String queryFilter,
                            MergeOn on, String startTs, String endTs, Map<String, String> types)
        implements java.io.Serializable {

    public WriteStrategy {
        key = key == null ? List.of() : List.copyOf(key);
        types = types == null ? Map.of() : Map.copyOf(types);
    }

    /** The strategy to apply: {@link #type()} or APPEND when unset, as Starlake's {@code getEffectiveType}. */
    public WriteStrategyType effectiveType() {
        return type == null ? WriteStrategyType.APPEND : type;
    }
}
