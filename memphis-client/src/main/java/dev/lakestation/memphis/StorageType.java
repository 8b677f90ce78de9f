package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;

/**
 * Station storage; wire names {@code file} and {@code memory}.
 *
 * <pre>{@code
 * StationOptions.builder("cache").storageType(StorageType.MEMORY).build();
 * }</pre>
 */
@PublicEvolving
public enum StorageType {
    DISK("file"),
    MEMORY("memory");

    private final String wire;

    StorageType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static StorageType fromWire(String wire) {
        for (StorageType t : values()) {
            if (t.wire.equalsIgnoreCase(wire) || t.name().equalsIgnoreCase(wire)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown storage type '" + wire + "'");
    }
}
