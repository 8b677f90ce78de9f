package dev.lakestation.connector.sink.internal;

import org.apache.flink.annotation.Internal;
import java.io.IOException;
import java.io.Serializable;

/** Serializable recipe for a {@link SinkSession}; shipped with the sink to the task managers. */
@FunctionalInterface
@Internal
public interface SessionFactory extends Serializable {
    SinkSession open() throws IOException;
}
