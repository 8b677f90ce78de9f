package dev.lakestation.jobs.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/** Loads the package's {@code .avsc} resources. */
final class AvroResources {
    private AvroResources() {
    }

    static Schema load(String name) {
        try (InputStream in = AvroResources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + AvroResources.class);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
