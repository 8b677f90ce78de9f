package dev.lakestation.jobs.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The coordinator state in a real JetStream key-value bucket (nats-server): a value written before runs had Flink
 * job ids loads without them; runs saved with job ids read back with them.
 */
class KeyValueStateStoreTest {

    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    private static final String OLD_VALUE = """
            {"version": 1, "createdAt": 1709285400000, "eventCursor": 7,
             "runs": {"load:cron1@20240301T1000": {"runId": "load:cron1@20240301T1000", "pipeline": "load:cron1",
               "period": "20240301T1000", "periodTick": 1709287200000, "status": "SUCCEEDED", "attempt": 1,
               "step": 2, "createdAt": 1709287200000, "startedAt": 1709287200000, "reason": "cron 0 * * * *",
               "finishedAt": 1709287260000, "message": null}},
             "lastTick": {}, "seenEvents": {}, "datasets": {}, "triggers": {}}
            """;

    @Test
    void aValueWithoutJobIdsLoadsAndJobIdsRoundTrip() throws Exception {
        try (Connection nc = Nats.connect(NATS.natsUrl())) {
            KeyValueStateStore store = new KeyValueStateStore(nc, JetStreamOptions.DEFAULT_JS_OPTIONS, "state_test",
                    "state.p");
            nc.keyValue("state_test").put("state.p", OLD_VALUE.getBytes(StandardCharsets.UTF_8));

            CoordinatorState old = store.load().orElseThrow();
            RunRecord r = old.runs.get("load:cron1@20240301T1000");
            assertThat(old.eventCursor).isEqualTo(7);
            assertThat(r.status).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(r.flinkJobId).isNull();
            assertThat(r.flinkJobIds).isEmpty();

            r.addFlinkJob("a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1");
            r.addFlinkJob("b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2");
            store.save(old);
            RunRecord back = new KeyValueStateStore(nc, JetStreamOptions.DEFAULT_JS_OPTIONS, "state_test", "state.p")
                    .load().orElseThrow().runs.get("load:cron1@20240301T1000");
            assertThat(back.flinkJobId).isEqualTo("b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2");
            assertThat(back.flinkJobIds).isEqualTo(List.of("a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1",
                    "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2"));
        }
    }
}
