package dev.lakestation.jobs.load;

import dev.lakestation.memphis.MemphisOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * How a load reads the tables that have a station ({@code metadata.options.memphis.station}).
 *
 * <pre>{@code
 * LoadRequest r = LoadRequest.of(List.of("sales"), List.of(), 2)
 *         .withStations(new StationRequest(MemphisOptions.builder().host("localhost").port(6666)
 *                 .username("lakestation").connectionToken("").build(), null, true, Duration.ofSeconds(2)));
 * }</pre>
 *
 * @param connection         the broker (a Memphis broker or a plain NATS JetStream server)
 * @param fromStation        {@code --from-station}: read this station instead of the tables' own, or null
 * @param bounded            read what each station holds at the start, commit once and stop; else run until
 *                           {@link LoadService#stop()} (or the job fails), committing after every checkpoint
 * @param checkpointInterval the Flink checkpoint interval: messages are acked and rows committed per checkpoint
 */
public record StationRequest(MemphisOptions connection, String fromStation, boolean bounded,
                             Duration checkpointInterval) {

    public StationRequest {
        Objects.requireNonNull(connection, "connection");
        if (checkpointInterval == null || checkpointInterval.toMillis() < 10) {
            throw new IllegalArgumentException("checkpoint interval must be at least 10 ms, not " + checkpointInterval);
        }
    }

    @Override
    public String toString() { // MemphisOptions.toString() never shows secrets
        return "StationRequest{" + connection + ", fromStation=" + fromStation + ", bounded=" + bounded
                + ", checkpointInterval=" + checkpointInterval + "}";
    }
}
