package dev.lakestation.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakestation.jobs.audit.DatasetEvent;
import dev.lakestation.jobs.audit.DatasetEvents;
import dev.lakestation.jobs.audit.DatasetKind;
import dev.lakestation.jobs.audit.MemphisDatasetEvents;
import dev.lakestation.memphis.Memphis;
import dev.lakestation.memphis.MemphisOptions;
import dev.lakestation.memphis.ProduceOptions;
import dev.lakestation.memphis.Producer;
import dev.lakestation.testsupport.Await;
import dev.lakestation.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.KeyValueEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broker mode end to end: {@code lakestation coordinator --memphis host:port} in a child JVM (the real CLI, service,
 * {@link MemphisDatasetEvents} and {@link dev.lakestation.jobs.coordinator.KeyValueStateStore}; jobs are
 * {@link CoordinatorChildMain.MarkerRunner}s) on a real nats-server with JetStream and token authentication, the
 * token given as {@code MEMPHIS_CONNECTION_TOKEN} as a user would. Another system's event published on the station
 * triggers the dependent task; the state is read back from the key-value bucket with jnats; a restarted coordinator
 * continues from the bucket without re-running; {@code status} and {@code trigger} work on the same bucket.
 */
class CoordinatorBrokerITCase {

    private static final String TOKEN = "s3cret-broker-token";

    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.withToken(TOKEN);

    @TempDir
    Path root;

    private CoordinatorKillITCase.Child child;
    private Memphis memphis;

    @BeforeEach
    void project() throws IOException {
        // a task fed by another system's dataset (no load of ours): fired by its events, Airflow's dataset semantics
        write("metadata/transform/kpi/ext.sql", "SELECT * FROM crm.accounts\n");
        memphis = Memphis.connect(MemphisOptions.builder().host(NATS.host()).port(NATS.port()).username("crm")
                .connectionToken(TOKEN).build());
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (child != null && child.process.isAlive()) {
            child.process.destroyForcibly();
            child.process.waitFor(30, TimeUnit.SECONDS);
        }
        memphis.close();
    }

    @Test
    void stationEventsTriggerTasksAndTheStateLivesInTheBucketAcrossRestarts() throws Exception {
        String address = "127.0.0.1:" + NATS.port();
        Map<String, String> env = Map.of("MEMPHIS_USERNAME", "lakestation", "MEMPHIS_CONNECTION_TOKEN", TOKEN);

        child = CoordinatorKillITCase.Child.startWithEnv(root, env, "coordinator", "--memphis", address,
                "--max-idle", "PT5M");
        assertThat(child.awaitLine("coordinator started")).contains("state: key-value bucket lakestation_coordinator, "
                + "events: station lakestation.datasets on " + address);

        // another system publishes on the station, with memphis-client, the documented JSON
        DatasetEvent first = DatasetEvent.of("crm.accounts", DatasetKind.LOAD, "crm-export-42", null, 5, 5, 0,
                Instant.now());
        publishAsAnotherSystem(first);
        child.awaitLine("SUCCEEDED transform:kpi.ext@e");
        sigterm(child);

        // the state is in the bucket, not on disk
        JsonNode state = bucketState();
        assertThat(runs(state)).singleElement().asString().matches("transform:kpi\\.ext@e\\S+ SUCCEEDED");
        assertThat(state.get("eventCursor").asLong()).isEqualTo(2); // the crm event, then the task's own
        assertThat(root.resolve("datasets/coordinator/state.json")).doesNotExist();
        // the station holds both events: the task's was published by the coordinator's job
        DatasetEvents station = new MemphisDatasetEvents(memphis, MemphisDatasetEvents.DEFAULT_STATION);
        assertThat(station.readAfter(0, 10)).extracting(p -> p.event().dataset() + " " + p.event().kind())
                .containsExactly("crm.accounts LOAD", "kpi.ext TRANSFORM");

        // restarted: it continues from the bucket's cursor and dedup set, and runs only for the new event
        child = CoordinatorKillITCase.Child.startWithEnv(root, env, "coordinator", "--memphis", address,
                "--max-idle", "PT5M");
        child.awaitLine("coordinator started");
        publishAsAnotherSystem(DatasetEvent.of("crm.accounts", DatasetKind.LOAD, "crm-export-43", null, 7, 7, 0,
                Instant.now()));
        child.awaitLine("SUCCEEDED transform:kpi.ext@e");
        sigterm(child);
        // events are handled in station order: had the restart lost the state, the first event would have run again
        // before the second one
        assertThat(child.output().lines().filter(l -> l.contains(" STARTED ")).count()).as(child.output())
                .isEqualTo(1);
        assertThat(Files.readAllLines(root.resolve("out/commits.log"))).hasSize(2)
                .allMatch(l -> l.startsWith("kpi.ext transform:kpi.ext@e"));
        assertThat(runs(bucketState())).hasSize(2).allMatch(r -> r.endsWith(" SUCCEEDED"));

        // trigger with no coordinator running: in the foreground, on the same bucket
        CoordinatorKillITCase.Child trigger = CoordinatorKillITCase.Child.startWithEnv(root, env, "trigger", "kpi.ext",
                "--period", "manual-1", "--memphis", address);
        assertThat(trigger.await()).as(trigger.output()).isZero();
        assertThat(trigger.output()).endsWith("transform:kpi.ext@manual-1  SUCCEEDED");
        assertThat(runs(bucketState())).hasSize(3).contains("transform:kpi.ext@manual-1 SUCCEEDED");

        // status reads the bucket
        CoordinatorKillITCase.Child status = CoordinatorKillITCase.Child.startWithEnv(root, env, "status", "--memphis",
                address);
        assertThat(status.await()).as(status.output()).isZero();
        assertThat(status.output()).contains("3 runs.", "transform:kpi.ext@manual-1")
                .doesNotContain(TOKEN);
        assertThat(status.output().lines().filter(l -> l.startsWith("transform:kpi.ext@") && l.contains("SUCCEEDED"))
                .count()).isEqualTo(3);
    }

    @Test
    void anotherWriterOfTheBucketKeyStopsTheCoordinatorInsteadOfBeingOverwritten() throws Exception {
        String address = "127.0.0.1:" + NATS.port();
        // its own station and bucket: the other test's events on the default station must not feed this coordinator
        child = CoordinatorKillITCase.Child.startWithEnv(root, Map.of("MEMPHIS_CONNECTION_TOKEN", TOKEN),
                "coordinator", "--memphis", address, "--station", "conflict.datasets", "--state-bucket",
                "conflict_state", "--max-idle", "PT5M");
        assertThat(child.awaitLine("coordinator started")).contains("state: key-value bucket conflict_state, "
                + "events: station conflict.datasets");
        Options o = new Options.Builder().server(NATS.natsUrl()).token(TOKEN.toCharArray()).build();
        try (Connection nc = Nats.connect(o)) {
            KeyValue kv = nc.keyValue("conflict_state");
            String key = "state." + root.getFileName().toString().replaceAll("[^A-Za-z0-9_-]", "_");
            Await.until(java.time.Duration.ofSeconds(20), "the coordinator's first save", () -> kv.get(key) != null);
            // another process writes the key (same document, a new revision)
            long theirs = kv.put(key, kv.get(key).getValue());
            // an event makes the coordinator decide and save: refused, it stops rather than overwrite or retry
            publishAsAnotherSystem("conflict.datasets", DatasetEvent.of("crm.accounts", DatasetKind.LOAD,
                    "crm-export-7", null, 1, 1, 0, Instant.now()));
            assertThat(child.await()).as(child.output()).isEqualTo(LakestationCli.EXIT_FAILURE);
            assertThat(child.output()).contains("was changed by another process since revision",
                    "is a second coordinator running on this project?");
            assertThat(kv.get(key).getRevision()).isEqualTo(theirs);
        }
        // write-ahead: the run was refused before its job was called
        assertThat(root.resolve("out/commits.log")).doesNotExist();
    }

    private void publishAsAnotherSystem(DatasetEvent e) {
        publishAsAnotherSystem(MemphisDatasetEvents.DEFAULT_STATION, e);
    }

    private void publishAsAnotherSystem(String station, DatasetEvent e) {
        try (Producer p = memphis.producer(station, "crm-export")) {
            p.produce(e.toJson().getBytes(StandardCharsets.UTF_8), ProduceOptions.msgId(e.eventId()));
        }
    }

    private static void sigterm(CoordinatorKillITCase.Child c) throws InterruptedException {
        c.process.toHandle().destroy();
        assertThat(c.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        c.awaitOutputEnd();
        assertThat(c.process.exitValue()).as(c.output()).isEqualTo(143);
        assertThat(c.output()).contains("coordinator stopped").doesNotContain(TOKEN);
    }

    /** The coordinator's state document, read with jnats' key-value API. */
    private JsonNode bucketState() throws Exception {
        Options o = new Options.Builder().server(NATS.natsUrl()).token(TOKEN.toCharArray()).build();
        try (Connection nc = Nats.connect(o)) {
            KeyValue kv = nc.keyValue("lakestation_coordinator");
            KeyValueEntry e = kv.get("state." + root.getFileName().toString().replaceAll("[^A-Za-z0-9_-]", "_"));
            assertThat(e).as("state key in the bucket").isNotNull();
            return new ObjectMapper().readTree(new String(e.getValue(), StandardCharsets.UTF_8));
        }
    }

    private static List<String> runs(JsonNode state) {
        List<String> out = new ArrayList<>();
        state.get("runs").fields().forEachRemaining(e -> out.add(e.getKey() + " " + e.getValue().get("status")
                .asText()));
        return out;
    }

    private void write(String rel, String text) throws IOException {
        Path f = root.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }
}
