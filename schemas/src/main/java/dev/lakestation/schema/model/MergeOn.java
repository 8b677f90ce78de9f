package dev.lakestation.schema.model;

import java.util.Optional;

/** Where an upsert looks for existing keys: the target only, or source and target (Starlake's {@code MergeOn}). */
public enum MergeOn {
    TARGET, SOURCE_AND_TARGET;

    /** Parses case-insensitively; empty when unknown. */
    public static Optional<MergeOn> parse(String value) {
        return EnumNames.parse(MergeOn.class, value);
    }
}
