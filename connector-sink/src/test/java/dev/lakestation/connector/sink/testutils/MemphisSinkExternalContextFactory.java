package dev.lakestation.connector.sink.testutils;

import java.util.function.Supplier;
import org.apache.flink.connector.testframe.external.ExternalContextFactory;

/** One {@link MemphisSinkExternalContext} per test case; the URL is read lazily (the server starts in beforeAll). */
public final class MemphisSinkExternalContextFactory implements ExternalContextFactory<MemphisSinkExternalContext> {
    private final Supplier<String> url;

    public MemphisSinkExternalContextFactory(Supplier<String> url) {
        this.url = url;
    }

    @Override
    public MemphisSinkExternalContext createExternalContext(String testName) {
        try {
            return new MemphisSinkExternalContext(url.get());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
