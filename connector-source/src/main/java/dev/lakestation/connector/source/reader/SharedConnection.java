package dev.lakestation.connector.source.reader;

import dev.lakestation.connector.source.internal.MemphisSourceSettings;
import io.nats.client.Connection;
import java.io.IOException;
import org.apache.flink.annotation.Internal;

/** One jnats connection per reader, opened on first use, shared by its fetchers and its acker. */
@Internal
final class SharedConnection implements AutoCloseable {
    private final MemphisSourceSettings settings;
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
                connection = settings.connect();
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

    @Override
    public synchronized void close() throws InterruptedException {
        closed = true;
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
