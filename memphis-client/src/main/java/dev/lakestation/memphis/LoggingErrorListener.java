package dev.lakestation.memphis;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes jnats connection errors to SLF4J (instead of java.util.logging). Never logs credentials. */
final class LoggingErrorListener implements ErrorListener {
    private static final Logger LOG = LoggerFactory.getLogger(Memphis.class);
    private final String address;

    LoggingErrorListener(String address) {
        this.address = address;
    }

    @Override
    public void errorOccurred(Connection conn, String error) {
        LOG.warn("Memphis connection to {}: {}", address, error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        LOG.warn("Memphis connection to {}: {}", address, exp.toString());
    }
}
