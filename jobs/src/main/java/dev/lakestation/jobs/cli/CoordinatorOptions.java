package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.audit.MemphisDatasetEvents;
import dev.lakestation.jobs.coordinator.KeyValueStateStore;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options of the coordinator commands: where state and events live, DAG option overrides, parallelism. */
final class CoordinatorOptions {

    @Option(names = "--memphis", paramLabel = "HOST:PORT", defaultValue = "${env:LAKESTATION_MEMPHIS}",
            description = "Broker mode: dataset events on a Memphis station, state in a JetStream key-value bucket "
                    + "(default: $LAKESTATION_MEMPHIS; credentials from MEMPHIS_USERNAME, MEMPHIS_CONNECTION_TOKEN or "
                    + "MEMPHIS_PASSWORD, MEMPHIS_ACCOUNT_ID). Without it: files under datasets/.")
    String memphis;

    @Option(names = "--station", paramLabel = "NAME", defaultValue = MemphisDatasetEvents.DEFAULT_STATION,
            description = "Station of the dataset events in broker mode (default: ${DEFAULT-VALUE}).")
    String station;

    @Option(names = "--state-bucket", paramLabel = "NAME", defaultValue = KeyValueStateStore.DEFAULT_BUCKET,
            description = "Key-value bucket of the coordinator state in broker mode (default: ${DEFAULT-VALUE}); "
                    + "the key is state.<project folder name>.")
    String bucket;

    @Option(names = "--options", split = ",", paramLabel = "K=V",
            description = "Variables and DAG options overriding the project's, Starlake's spelling: "
                    + "--options retries=3,catchup=true.")
    Map<String, String> dagOptions = new LinkedHashMap<>();

    @Option(names = "--parallelism", paramLabel = "N", description = "Flink parallelism (default: the number of cores).")
    Integer parallelism;

    /** The broker address, or null for file mode. */
    String memphis() {
        return memphis == null || memphis.isBlank() ? null : memphis.trim();
    }
}
