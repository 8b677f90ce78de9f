package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;
import dev.lakestation.memphis.internal.StationNames;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a station is created with (memphis-py {@code station(...)} arguments). Values are
 * normalised with the broker's rules when built: replicas ≤0 → 1, 2 and 4 → 3, above 5 → 5; an
 * idempotency window ≤0 → 2 min, below 100 ms → 100 ms, above 24 h (or above the retention age) an
 * error; a retention value ≤0 (except ACK_BASED) → 3600 s of age.
 *
 * <pre>{@code
 * memphis.createStation(StationOptions.builder("orders")
 *         .retention(RetentionType.MESSAGES, 1_000_000)
 *         .partitions(3)
 *         .build());
 * }</pre>
 */
@PublicEvolving
public final class StationOptions implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    static final long MAX_IDEMPOTENCY_MS = Duration.ofHours(24).toMillis();

    private final String name;
    private final RetentionType retentionType;
    private final long retentionValue;
    private final StorageType storageType;
    private final int replicas;
    private final long idempotencyWindowMs;
    private final String schemaName;
    private final boolean dlsPoison;
    private final boolean dlsSchemaverse;
    private final String dlsStation;
    private final boolean tieredStorage;
    private final int partitions;

    private StationOptions(Builder b) {
        this.name = b.name;
        this.retentionType = b.retentionType;
        this.retentionValue = b.retentionValue;
        this.storageType = b.storageType;
        this.replicas = b.replicas;
        this.idempotencyWindowMs = b.idempotencyWindowMs;
        this.schemaName = b.schemaName;
        this.dlsPoison = b.dlsPoison;
        this.dlsSchemaverse = b.dlsSchemaverse;
        this.dlsStation = b.dlsStation;
        this.tieredStorage = b.tieredStorage;
        this.partitions = b.partitions;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The station a broker auto-creates for a producer or consumer on a missing station. */
    public static StationOptions defaults(String name) {
        return builder(name).build();
    }

    public String name() {
        return name;
    }

    public RetentionType retentionType() {
        return retentionType;
    }

    public long retentionValue() {
        return retentionValue;
    }

    public StorageType storageType() {
        return storageType;
    }

    public int replicas() {
        return replicas;
    }

    public long idempotencyWindowMs() {
        return idempotencyWindowMs;
    }

    public Duration idempotencyWindow() {
        return Duration.ofMillis(idempotencyWindowMs);
    }

    /** Attached schema name, or "" for none. */
    public String schemaName() {
        return schemaName;
    }

    public boolean dlsPoison() {
        return dlsPoison;
    }

    public boolean dlsSchemaverse() {
        return dlsSchemaverse;
    }

    /** Station that receives this station's dead letters, or "" for the station's own DLS. */
    public String dlsStation() {
        return dlsStation;
    }

    public boolean tieredStorage() {
        return tieredStorage;
    }

    public int partitions() {
        return partitions;
    }

    @Override
    public String toString() {
        return "StationOptions{" + name + ", retention=" + retentionType + ":" + retentionValue + ", storage="
                + storageType + ", replicas=" + replicas + ", idempotencyWindowMs=" + idempotencyWindowMs
                + ", schema=" + schemaName + ", dls(poison=" + dlsPoison + ", schemaverse=" + dlsSchemaverse
                + ", station=" + dlsStation + "), tiered=" + tieredStorage + ", partitions=" + partitions + "}";
    }

    /** Builder with memphis-py's defaults. */
    public static final class Builder {
        private final String name;
        private RetentionType retentionType = RetentionType.MAX_MESSAGE_AGE_SECONDS;
        private long retentionValue = 3600;
        private StorageType storageType = StorageType.DISK;
        private int replicas = 1;
        private long idempotencyWindowMs = 120_000;
        private String schemaName = "";
        private boolean dlsPoison = true;
        private boolean dlsSchemaverse = true;
        private String dlsStation = "";
        private boolean tieredStorage;
        private int partitions = 1;

        private Builder(String name) {
            this.name = StationNames.validate("station", name);
        }

        /** Retention type and value (seconds, messages or bytes; ignored for ACK_BASED). */
        public Builder retention(RetentionType type, long value) {
            this.retentionType = Objects.requireNonNull(type);
            this.retentionValue = value;
            return this;
        }

        public Builder storageType(StorageType storageType) {
            this.storageType = Objects.requireNonNull(storageType);
            return this;
        }

        public Builder replicas(int replicas) {
            this.replicas = replicas;
            return this;
        }

        public Builder idempotencyWindow(Duration window) {
            this.idempotencyWindowMs = window.toMillis();
            return this;
        }

        public Builder idempotencyWindowMs(long ms) {
            this.idempotencyWindowMs = ms;
            return this;
        }

        public Builder schemaName(String schemaName) {
            this.schemaName = schemaName == null ? "" : schemaName;
            return this;
        }

        /** Send poison messages (max deliveries exceeded) to the dead-letter station (default true). */
        public Builder sendPoisonMessagesToDls(boolean on) {
            this.dlsPoison = on;
            return this;
        }

        /** Send messages failing schema validation to the dead-letter station (default true). */
        public Builder sendSchemaFailedMessagesToDls(boolean on) {
            this.dlsSchemaverse = on;
            return this;
        }

        /** A station that receives this station's dead letters (created with defaults when missing). */
        public Builder dlsStation(String dlsStation) {
            this.dlsStation = dlsStation == null || dlsStation.isEmpty() ? "" : StationNames.validate("dls station", dlsStation);
            return this;
        }

        public Builder tieredStorage(boolean on) {
            this.tieredStorage = on;
            return this;
        }

        /** Number of partitions (≥1, default 1). */
        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        public StationOptions build() {
            if (partitions < 1) {
                throw new IllegalArgumentException("station '" + name + "': partitions number must be at least 1, got "
                        + partitions);
            }
            if (retentionType != RetentionType.ACK_BASED && retentionValue <= 0) {
                retentionType = RetentionType.MAX_MESSAGE_AGE_SECONDS;
                retentionValue = 3600;
            }
            if (replicas <= 0) {
                replicas = 1;
            } else if (replicas == 2 || replicas == 4) {
                replicas = 3;
            } else if (replicas > 5) {
                replicas = 5;
            }
            if (idempotencyWindowMs <= 0) {
                idempotencyWindowMs = 120_000;
            } else if (idempotencyWindowMs < 100) {
                idempotencyWindowMs = 100;
            }
            if (idempotencyWindowMs > MAX_IDEMPOTENCY_MS) {
                throw new IllegalArgumentException("station '" + name + "': idempotency window cannot exceed 24 hours, got "
                        + idempotencyWindowMs + " ms");
            }
            if (retentionType == RetentionType.MAX_MESSAGE_AGE_SECONDS
                    && idempotencyWindowMs > retentionValue * 1000) {
                throw new IllegalArgumentException("station '" + name + "': idempotency window (" + idempotencyWindowMs
                        + " ms) cannot exceed the retention time (" + retentionValue + " s)");
            }
            if (name.equals(dlsStation)) {
                throw new IllegalArgumentException("station '" + name + "' cannot be its own dls station");
            }
            return new StationOptions(this);
        }
    }
}
