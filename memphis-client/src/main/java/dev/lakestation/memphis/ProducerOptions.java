package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;
import dev.lakestation.memphis.internal.StationNames;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A producer: the station(s) it writes to, its name, and its async limits.
 *
 * <pre>{@code
 * Producer producer = memphis.producer(ProducerOptions.builder("orders", "web")
 *         .maxInFlight(1000).ackWait(Duration.ofSeconds(15)).build());
 * }</pre>
 */
@PublicEvolving
public final class ProducerOptions {
    private final List<String> stations;
    private final String name;
    private final boolean genUniqueSuffix;
    private final int maxInFlight;
    private final Duration ackWait;

    private ProducerOptions(Builder b) {
        this.stations = List.copyOf(b.stations);
        this.name = b.name;
        this.genUniqueSuffix = b.genUniqueSuffix;
        this.maxInFlight = b.maxInFlight;
        this.ackWait = b.ackWait;
    }

    public static Builder builder(String station, String name) {
        return new Builder(List.of(station), name);
    }

    /** A producer that writes every message to each of several stations. */
    public static Builder builder(List<String> stations, String name) {
        return new Builder(stations, name);
    }

    public List<String> stations() {
        return stations;
    }

    public String name() {
        return name;
    }

    public boolean genUniqueSuffix() {
        return genUniqueSuffix;
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    public Duration ackWait() {
        return ackWait;
    }

    public static final class Builder {
        private final List<String> stations;
        private final String name;
        private boolean genUniqueSuffix;
        private int maxInFlight = 1000;
        private Duration ackWait = Duration.ofSeconds(15);

        private Builder(List<String> stations, String name) {
            if (stations == null || stations.isEmpty()) {
                throw new IllegalArgumentException("a producer needs at least one station");
            }
            this.stations = stations.stream().map(s -> StationNames.validate("station", s)).distinct().toList();
            this.name = StationNames.validate("producer", Objects.requireNonNull(name, "producer name"));
        }

        /** Appends a random suffix to the name (memphis-py {@code generate_random_suffix}). */
        public Builder genUniqueSuffix(boolean on) {
            this.genUniqueSuffix = on;
            return this;
        }

        /** Bound on async messages awaiting their acknowledgement (default 1000). */
        public Builder maxInFlight(int maxInFlight) {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
            }
            this.maxInFlight = maxInFlight;
            return this;
        }

        /**
         * How long a blocking produce waits for its acknowledgement, and how long an async produce
         * waits for room when {@link #maxInFlight} messages are outstanding (default 15 s).
         */
        public Builder ackWait(Duration ackWait) {
            this.ackWait = Objects.requireNonNull(ackWait);
            return this;
        }

        public ProducerOptions build() {
            return new ProducerOptions(this);
        }
    }
}
