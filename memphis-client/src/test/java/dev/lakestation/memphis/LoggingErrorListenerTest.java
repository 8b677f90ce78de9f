package dev.lakestation.memphis;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.ConnectionListener.Events;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

/** One log line per connection state change, not one per reconnect attempt. */
class LoggingErrorListenerTest {

    @Test
    void anOutageLogsTheLossTheFirstErrorAndTheReconnectOnce() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Logger logger = (Logger) LogManager.getLogger(Memphis.class);
        AbstractAppender appender = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getMessage().getFormattedMessage());
            }
        };
        appender.start();
        logger.addAppender(appender);
        try {
            LoggingErrorListener l = new LoggingErrorListener("broker:6666");
            l.connectionEvent(null, Events.DISCONNECTED);
            for (int attempt = 0; attempt < 30; attempt++) {
                // jnats: an exception and another DISCONNECTED per failed reconnect attempt
                l.exceptionOccurred(null, new ConnectException("Connection refused"));
                l.connectionEvent(null, Events.DISCONNECTED);
            }
            l.connectionEvent(null, Events.RECONNECTED);
            l.exceptionOccurred(null, new ConnectException("Connection refused"));
            assertThat(lines).containsExactly(
                    "Memphis connection to broker:6666 lost, reconnecting",
                    "Memphis connection to broker:6666: java.net.ConnectException: Connection refused",
                    "Memphis connection to broker:6666 re-established (last error repeated 29 times)",
                    "Memphis connection to broker:6666: java.net.ConnectException: Connection refused");
        } finally {
            logger.removeAppender(appender);
        }
    }
}
