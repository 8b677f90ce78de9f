package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.audit.MemphisDatasetEvents;
import dev.lakestation.jobs.coordinator.KeyValueStateStore;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the coordinator commands: where state and events live, DAG option overrides, parallelism. */
final class CoordinatorOptions {

    /**
     * {@code --memphis} and its TLS files: the same broker options as {@code load}'s (one parser, one set of
     * credential rules). Given, the commands run in broker mode: dataset events on a Memphis station, state in a
     * JetStream key-value bucket; without it: files under datasets/.
     */
    @Mixin
    MemphisOptions broker = new MemphisOptions();

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

    /** The broker connection from {@code --memphis} and the MEMPHIS_* variables of {@code env}, or null for file mode. */
    dev.lakestation.memphis.MemphisOptions broker(Map<String, String> env) {
        return broker.connection(env);
    }
}
