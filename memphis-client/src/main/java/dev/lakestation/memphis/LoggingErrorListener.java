package dev.lakestation.memphis;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes jnats connection errors to SLF4J (instead of java.util.logging) and remembers the first one,
 * so a failed connect can say why (jnats itself only reports "Unable to connect"). Never logs
 * credentials.
 */
final class LoggingErrorListener implements ErrorListener {
    private static final Logger LOG = LoggerFactory.getLogger(Memphis.class);
    private final String address;
    private volatile String firstError;

    LoggingErrorListener(String address) {
        this.address = address;
    }

    @Override
    public void errorOccurred(Connection conn, String error) {
        remember(error);
        LOG.warn("Memphis connection to {}: {}", address, error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        remember(exp.getMessage() == null ? exp.getClass().getSimpleName() : exp.toString());
        LOG.warn("Memphis connection to {}: {}", address, exp.toString());
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
