package dev.lakestation.connector.sink.testutils;

import dev.lakestation.memphis.ControlPlane;
import dev.lakestation.memphis.MemphisOptions;
import dev.lakestation.testsupport.NatsServerExtension;

/** memphis-client options for the test nats-server (no auth configured there, so any token is accepted). */
public final class TestOptions {
    private TestOptions() {}

    public static MemphisOptions of(NatsServerExtension nats) {
        return of(nats.host(), nats.port());
    }

    public static MemphisOptions of(String host, int port) {
        return MemphisOptions.builder()
                .host(host)
                .port(port)
                .username("root")
                .connectionToken("test")
                .controlPlane(ControlPlane.JETSTREAM)
                .build();
    }
}
