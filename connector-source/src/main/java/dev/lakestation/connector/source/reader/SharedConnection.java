package dev.lakestation.connector.source.reader;

import dev.lakestation.connector.source.internal.MemphisSourceSettings;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.annotation.Internal;

/**
 * One jnats connection per reader, opened on first use, shared by its fetchers and its acker. Counts
 * reconnects: a broker that restarted has forgotten the pull requests of every consumer, so fetchers
 * re-open their consumers when the count changed instead of waiting for heartbeat alarms.
 */
@Internal
final class SharedConnection implements AutoCloseable {
    private final MemphisSourceSettings settings;
    private final AtomicLong reconnects = new AtomicLong();
    private Connection connection;
    private boolean closed;

    SharedConnection(MemphisSourceSettings settings) {
        this.settings = settings;
    }

    synchronized Connection get() throws IOException {
        if (closed) {
            throw new IOException("Memphis source reader is closed");
        }
        if (connection == null) {
            try {
                connection = settings.connect((conn, type) -> {
                    if (type == ConnectionListener.Events.RECONNECTED || type == ConnectionListener.Events.RESUBSCRIBED) {
                        reconnects.incrementAndGet();
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while connecting to Memphis", e);
            }
        }
        return connection;
    }

    /** The connection if it is open, else null (never connects). */
    synchronized Connection ifOpen() {
        return connection;
    }

    /** Reconnects so far: changes when the broker may have lost this connection's pull requests. */
    long reconnects() {
        return reconnects.get();
    }

    @Override
    public synchronized void close() throws InterruptedException {
        closed = true;
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
