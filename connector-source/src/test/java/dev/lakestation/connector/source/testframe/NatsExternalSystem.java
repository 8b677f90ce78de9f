package dev.lakestation.connector.source.testframe;

import dev.lakestation.memphis.ControlPlane;
import dev.lakestation.memphis.MemphisOptions;
import dev.lakestation.testsupport.NatsServer;
import org.apache.flink.connector.testframe.TestResource;

/** The connector test framework's external system: a real nats-server with JetStream, no Docker. */
public final class NatsExternalSystem implements TestResource {
    private NatsServer server;

    @Override
    public void startUp() {
        server = NatsServer.builder().build().start();
    }

    @Override
    public void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    public String natsUrl() {
        return server.natsUrl();
    }

    public MemphisOptions options() {
        return MemphisOptions.builder().host(server.host()).port(server.port()).username("root")
                .connectionToken("memphis").controlPlane(ControlPlane.JETSTREAM).build();
    }
}
