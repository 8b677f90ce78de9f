package dev.lakestation.connector.source.internal;

import dev.lakestation.connector.source.AckMode;
import dev.lakestation.connector.source.DeserializationFailureMode;
import dev.lakestation.connector.source.StartingPosition;
import dev.lakestation.connector.source.StopCondition;
import dev.lakestation.memphis.MemphisOptions;
import dev.lakestation.memphis.internal.StationNames;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.flink.annotation.Internal;

/** Validated, typed settings of one source, shipped to the enumerator and every reader. */
@Internal
public final class MemphisSourceSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public final MemphisOptions connection;
    public final List<String> stations;
    public final String stationPattern;
    public final String consumerGroup;
    public final StartingPosition startingPosition;
    public final StopCondition stopCondition;
    public final Duration discoveryInterval;
    public final AckMode ackMode;
    public final Duration maxAckTime;
    public final int maxMsgDeliveries;
    public final boolean ackInProgress;
    public final Duration ackTimeout;
    public final int ackMaxOutstanding;
    public final boolean validateAckTime;
    public final int fetchBatchSize;
    public final Duration fetchMaxWait;
    public final Duration pendingPollInterval;
    public final DeserializationFailureMode deserializationFailure;
    public final String deadLetterStation;

    public MemphisSourceSettings(MemphisOptions connection, List<String> stations, String stationPattern,
            String consumerGroup, StartingPosition startingPosition, StopCondition stopCondition,
            Duration discoveryInterval, AckMode ackMode, Duration maxAckTime, int maxMsgDeliveries,
            boolean ackInProgress, Duration ackTimeout, int ackMaxOutstanding, boolean validateAckTime,
            int fetchBatchSize, Duration fetchMaxWait, Duration pendingPollInterval,
            DeserializationFailureMode deserializationFailure, String deadLetterStation) {
        this.connection = connection;
        this.stations = List.copyOf(stations);
        this.stationPattern = stationPattern;
        this.consumerGroup = consumerGroup;
        this.startingPosition = startingPosition;
        this.stopCondition = stopCondition;
        this.discoveryInterval = discoveryInterval;
        this.ackMode = ackMode;
        this.maxAckTime = maxAckTime;
        this.maxMsgDeliveries = maxMsgDeliveries;
        this.ackInProgress = ackInProgress;
        this.ackTimeout = ackTimeout;
        this.ackMaxOutstanding = ackMaxOutstanding;
        this.validateAckTime = validateAckTime;
        this.fetchBatchSize = fetchBatchSize;
        this.fetchMaxWait = fetchMaxWait;
        this.pendingPollInterval = pendingPollInterval;
        this.deserializationFailure = deserializationFailure;
        this.deadLetterStation = deadLetterStation;
    }

    /** Internal name of the consumer group = name of the durable on every partition stream. */
    public String durableName() {
        return StationNames.internalName(consumerGroup);
    }

    public Pattern compiledPattern() {
        return stationPattern == null ? null : Pattern.compile(stationPattern);
    }

    /**
     * Opens a jnats connection with the client's mapping of the Memphis options (connection name
     * {@code <uuid>::<user>}, auth, TLS). A streaming source keeps reconnecting as long as the job runs
     * (the SDKs' limit of 9 attempts would end a job on a broker restart longer than ~9 s) unless
     * reconnects are switched off in the options.
     */
    public Connection connect() throws IOException, InterruptedException {
        return connect(null);
    }

    /**
     * As {@link #connect()}, also telling {@code listener} about connection state changes (after the
     * client's own listener, which logs them).
     */
    public Connection connect(io.nats.client.ConnectionListener listener) throws IOException, InterruptedException {
        Options base = connection.toNatsOptions();
        Options.Builder b = new Options.Builder(base);
        if (listener != null) {
            io.nats.client.ConnectionListener own = base.getConnectionListener();
            b.connectionListener((conn, type) -> {
                if (own != null) {
                    own.connectionEvent(conn, type);
                }
                listener.connectionEvent(conn, type);
            });
        }
        if (connection.reconnect()) {
            b.maxReconnects(-1);
        }
        return Nats.connect(b.build());
    }

    /**
     * How long a JetStream call that times out or finds no JetStream is retried before the reader
     * fails: the connection's reconnect budget (max reconnects × reconnect interval + timeout, the SDK
     * clamp), at least 30 s, so a broker restart is ridden out and a broker that stays away fails the task.
     */
    public java.time.Duration retryBudget() {
        java.time.Duration sdk = connection.reconnectInterval().multipliedBy(Math.max(1, connection.effectiveMaxReconnects()))
                .plus(connection.timeout());
        return sdk.compareTo(java.time.Duration.ofSeconds(30)) < 0 ? java.time.Duration.ofSeconds(30) : sdk;
    }
}
