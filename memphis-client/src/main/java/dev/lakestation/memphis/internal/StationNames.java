package dev.lakestation.memphis.internal;

import dev.lakestation.memphis.InvalidNameException;
import dev.lakestation.memphis.annotation.Internal;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Memphis naming rules and the JetStream stream layout of stations — the one place they are written,
 * shared by the client, the Flink connectors, the benchmarks and the test helpers.
 *
 * <p>A station's external name is lowercased and must match {@code ^[a-z0-9_.-]*$}, be 1–128
 * characters and not start or end with {@code . - _}. Its internal name replaces {@code .} with
 * {@code #}. Partition {@code p} of a station is the JetStream stream {@code <internal>$<p>} with data
 * on {@code <internal>$<p>.final}; a legacy (non-partitioned) station is stream {@code <internal>}
 * with data on {@code <internal>.final}.
 *
 * <pre>{@code
 * String stream = StationNames.streamName("orders.eu", 2);   // "orders#eu$2"
 * String subject = StationNames.dataSubject("orders.eu", 2); // "orders#eu$2.final"
 * }</pre>
 */
@Internal
public final class StationNames {
    private static final Pattern VALID = Pattern.compile("^[a-z0-9_.-]*$");
    /** Partition number used for legacy stations that have no partitions list. */
    public static final int LEGACY = 0;

    private StationNames() {}

    /**
     * Validates a station (or consumer group / producer) name with the broker's rules.
     *
     * @return the lowercased name
     * @throws InvalidNameException naming the rule that is broken
     */
    public static String validate(String kind, String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidNameException(kind + " name can not be empty");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.length() > 128) {
            throw new InvalidNameException(kind + " name '" + name + "' should be under 128 characters");
        }
        if (!VALID.matcher(lower).matches()) {
            throw new InvalidNameException(kind + " name '" + name
                    + "' has to include only letters/numbers/./_/- ");
        }
        char first = lower.charAt(0);
        char last = lower.charAt(lower.length() - 1);
        if (first == '.' || first == '-' || first == '_' || last == '.' || last == '-' || last == '_') {
            throw new InvalidNameException(kind + " name '" + name
                    + "' can not start or end with non alphanumeric character");
        }
        return lower;
    }

    /** Internal name: lowercase, {@code .} replaced by {@code #}. Accepts an already internal name. */
    public static String internalName(String name) {
        return name.toLowerCase(Locale.ROOT).replace('.', '#');
    }

    /** External name back from an internal one ({@code #} → {@code .}). */
    public static String externalName(String internalName) {
        return internalName.replace('#', '.');
    }

    /** Stream of one partition ({@code p ≥ 1}), or the legacy stream when {@code p == LEGACY}. */
    public static String streamName(String station, int partition) {
        String internal = internalName(station);
        return partition == LEGACY ? internal : internal + "$" + partition;
    }

    /** Subject producers publish to and consumers filter on. */
    public static String dataSubject(String station, int partition) {
        return dataSubjectOf(streamName(station, partition));
    }

    /** The data subject of a station's stream ({@code <stream>.final}). */
    public static String dataSubjectOf(String streamName) {
        return streamName + ".final";
    }

    /** Subjects a partition stream is created with ({@code <stream>.>}). */
    public static String streamSubjects(String station, int partition) {
        return streamName(station, partition) + ".>";
    }

    /**
     * Parses a stream name into its partition number: {@code "orders$3"} → 3, a stream without
     * {@code $<digits>} → {@link #LEGACY}.
     */
    public static int partitionOf(String streamName) {
        int i = streamName.lastIndexOf('$');
        if (i < 0 || i == streamName.length() - 1) {
            return LEGACY;
        }
        for (int k = i + 1; k < streamName.length(); k++) {
            if (!Character.isDigit(streamName.charAt(k))) {
                return LEGACY;
            }
        }
        return Integer.parseInt(streamName.substring(i + 1));
    }

    /**
     * The station partition a JetStream stream holds, or {@code null} for a stream that is not a station's
     * data stream: the broker's and jnats' own streams ({@code $...}, {@code KV_...}, {@code OBJ_...}) and the
     * client's dead-letter streams ({@code <internal>$dls}) or any other {@code $}-name without a partition
     * number. {@code "orders#eu$3"} → (orders.eu, 3); {@code "legacy"} → (legacy, {@link #LEGACY}).
     */
    public static StreamPartition parse(String streamName) {
        if (streamName.isEmpty() || streamName.startsWith("$") || streamName.startsWith("KV_")
                || streamName.startsWith("OBJ_")) {
            return null;
        }
        int i = streamName.lastIndexOf('$');
        if (i < 0) {
            return new StreamPartition(externalName(streamName), LEGACY);
        }
        int partition = partitionOf(streamName);
        if (partition == LEGACY || i == 0) {
            return null;
        }
        return new StreamPartition(externalName(streamName.substring(0, i)), partition);
    }

    /** A station (external name) and one of its partitions ({@link #LEGACY} for a legacy station). */
    public record StreamPartition(String station, int partition) {}

    /**
     * Dead-letter stream of a station on the JetStream control plane (used when the station has no
     * {@code dls_station}): {@code <internal>$dls}, subjects {@code <internal>$dls.>}.
     */
    public static String dlsStreamName(String station) {
        return internalName(station) + "$dls";
    }

    /** Subject a dead letter of {@code type} ({@code unacked}, {@code nacked}, {@code failed_schema}) is stored on. */
    public static String dlsSubject(String station, String type) {
        return dlsStreamName(station) + "." + type;
    }

    /** Durable consumer name of a consumer group: lowercase, {@code .} replaced by {@code #}. */
    public static String durableName(String group) {
        return internalName(group);
    }
}
