package dev.lakestation.schema.model;

import java.util.Optional;

/** How loaded or transformed rows are written to their table (Starlake's {@code WriteStrategyType}). */
public enum WriteStrategyType {
    APPEND, OVERWRITE, UPSERT_BY_KEY, UPSERT_BY_KEY_AND_TIMESTAMP, SCD2, OVERWRITE_BY_PARTITION, DELETE_THEN_INSERT;

    /** True for the strategies that need {@code key}: UPSERT_BY_KEY(_AND_TIMESTAMP), DELETE_THEN_INSERT, SCD2. */
    public boolean requiresKey() {
        return this == UPSERT_BY_KEY || this == UPSERT_BY_KEY_AND_TIMESTAMP || this == DELETE_THEN_INSERT || this == SCD2;
    }

    /**
     * True for the strategies that need {@code timestamp}. Starlake's {@code WriteStrategy.checkValidity} asks it
     * for UPSERT_BY_KEY_AND_TIMESTAMP and SCD2.
     */
    public boolean requiresTimestamp() {
        return this == UPSERT_BY_KEY_AND_TIMESTAMP || this == SCD2;
    }

    /** Parses a strategy name case-insensitively; empty when unknown. */
    public static Optional<WriteStrategyType> parse(String value) {
        return EnumNames.parse(WriteStrategyType.class, value);
    }
}
