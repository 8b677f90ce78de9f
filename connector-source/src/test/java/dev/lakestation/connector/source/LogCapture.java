package dev.lakestation.connector.source;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures log events of one logger (and its children) at WARN and above, through the log4j2
 * binding the module's tests use (log4j-slf4j-impl). The MiniCluster runs in the test JVM, so the
 * readers' logs land here too.
 */
public final class LogCapture implements AutoCloseable {
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final String loggerName;
    private final AbstractAppender appender;

    private LogCapture(String loggerName) {
        this.loggerName = loggerName;
        this.appender = new AbstractAppender("capture-" + loggerName, null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                messages.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
            }
        };
    }

    /** Starts capturing WARN+ events of {@code loggerName}; close to stop. */
    public static LogCapture warnings(String loggerName) {
        LogCapture c = new LogCapture(loggerName);
        c.appender.start();
        LoggerConfig config = new LoggerConfig(loggerName, Level.INFO, true);
        config.addAppender(c.appender, Level.WARN, null);
        c.context.getConfiguration().addLogger(loggerName, config);
        c.context.updateLoggers();
        return c;
    }

    /** Captured events as {@code LEVEL message}. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    public boolean contains(String fragment) {
        return messages.stream().anyMatch(m -> m.contains(fragment));
    }

    @Override
    public void close() {
        context.getConfiguration().removeLogger(loggerName);
        context.updateLoggers();
        appender.stop();
    }
}
