package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.Internal;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes jnats connection errors and state changes to SLF4J (instead of java.util.logging) and
 * remembers the first error, so a failed connect can say why (jnats itself only reports "Unable to
 * connect"). One line per state change: while the broker is away, every reconnect attempt reports the
 * same error ({@code Connection refused}); it is logged once, then again only after the connection
 * state changed. Never logs credentials.
 */
@Internal
final class LoggingErrorListener implements ErrorListener, ConnectionListener {
    private static final Logger LOG = LoggerFactory.getLogger(Memphis.class);
    private final String address;
    private volatile String firstError;
    /** The last error logged since the last state change; repeats are not logged. */
    private String lastLogged;
    private long suppressed;
    /** Connection state as last reported (the first connect reports no event, so it starts connected). */
    private boolean connected = true;

    LoggingErrorListener(String address) {
        this.address = address;
    }

    @Override
    public void errorOccurred(Connection conn, String error) {
        remember(error);
        log(error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        remember(exp.getMessage() == null ? exp.getClass().getSimpleName() : exp.toString());
        log(exp.toString());
    }

    private synchronized void log(String error) {
        if (error.equals(lastLogged)) {
            suppressed++;
            return;
        }
        lastLogged = error;
        LOG.warn("Memphis connection to {}: {}", address, error);
    }

    @Override
    public void connectionEvent(Connection conn, Events type) {
        long repeats;
        synchronized (this) {
            // jnats reports DISCONNECTED again after every failed reconnect attempt: not a state change
            if (type == Events.DISCONNECTED && !connected) {
                return;
            }
            if (type == Events.DISCONNECTED || type == Events.CLOSED) {
                connected = false;
            } else if (type == Events.CONNECTED || type == Events.RECONNECTED) {
                connected = true;
            } else {
                return;
            }
            repeats = suppressed;
            suppressed = 0;
            lastLogged = null;
        }
        String again = repeats > 0 ? " (last error repeated " + repeats + " times)" : "";
        switch (type) {
            case DISCONNECTED:
                LOG.warn("Memphis connection to {} lost, reconnecting{}", address, again);
                break;
            case RECONNECTED:
                LOG.info("Memphis connection to {} re-established{}", address, again);
                break;
            case CLOSED:
                if (repeats > 0) {
                    LOG.info("Memphis connection to {} closed{}", address, again);
                }
                break;
            default:
                break;
        }
    }

    private void remember(String error) {
        if (firstError == null) {
            firstError = error;
        }
    }

    /** The first error jnats reported on this connection, or null. */
    String firstError() {
        return firstError;
    }
}
