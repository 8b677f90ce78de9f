package dev.lakestation.connector.sink.testutils;

import dev.lakestation.testsupport.NatsServerExtension;
import org.apache.flink.connector.testframe.external.ExternalContextFactory;

/** One {@link MemphisSinkExternalContext} per test case; the server address is read lazily (the server starts in beforeAll). */
public final class MemphisSinkExternalContextFactory implements ExternalContextFactory<MemphisSinkExternalContext> {
    private final NatsServerExtension nats;

    public MemphisSinkExternalContextFactory(NatsServerExtension nats) {
        this.nats = nats;
    }

    @Override
    public MemphisSinkExternalContext createExternalContext(String testName) {
        try {
            return new MemphisSinkExternalContext(nats);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
