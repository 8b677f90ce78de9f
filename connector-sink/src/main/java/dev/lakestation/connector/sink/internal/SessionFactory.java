package dev.lakestation.connector.sink.internal;

import java.io.IOException;
import java.io.Serializable;

/** Serializable recipe for a {@link SinkSession}; shipped with the sink to the task managers. */
@FunctionalInterface
public interface SessionFactory extends Serializable {
    SinkSession open() throws IOException;
}
