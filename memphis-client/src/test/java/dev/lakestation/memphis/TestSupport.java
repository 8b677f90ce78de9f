package dev.lakestation.memphis;

import dev.lakestation.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Shared test helpers: options for a test server, raw connections, condition waits. */
final class TestSupport {
    private TestSupport() {}

    static MemphisOptions.Builder options(NatsServerExtension nats) {
        return MemphisOptions.builder().host(nats.host()).port(nats.port()).username("root").connectionToken("unused");
    }

    static Memphis connect(NatsServerExtension nats) {
        return Memphis.connect(options(nats).build());
    }

    static Connection raw(NatsServerExtension nats) throws Exception {
        return Nats.connect(nats.natsUrl());
    }

    static JetStreamManagement jsm(Memphis memphis) throws Exception {
        return memphis.connection().jetStreamManagement();
    }

    /** Waits for a condition with a deadline: delegates to test-support's {@code Await}. */
    static void await(Duration timeout, BooleanSupplier condition) {
        dev.lakestation.testsupport.Await.until(timeout, "condition", condition::getAsBoolean);
    }

    static long messagesOn(Memphis memphis, String stream) {
        return messages(memphis, stream);
    }

    static long messages(Memphis memphis, String stream) {
        try {
            return jsm(memphis).getStreamInfo(stream).getStreamState().getMsgCount();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
