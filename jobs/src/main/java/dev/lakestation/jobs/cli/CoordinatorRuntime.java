package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.audit.DatasetEvents;
import dev.lakestation.jobs.audit.FileDatasetEvents;
import dev.lakestation.jobs.audit.MemphisDatasetEvents;
import dev.lakestation.jobs.coordinator.Coordinator;
import dev.lakestation.jobs.coordinator.CoordinatorRequests;
import dev.lakestation.jobs.coordinator.DagOptions;
import dev.lakestation.jobs.coordinator.FileStateStore;
import dev.lakestation.jobs.coordinator.JobRunner;
import dev.lakestation.jobs.coordinator.KeyValueStateStore;
import dev.lakestation.jobs.coordinator.ProjectPipelines;
import dev.lakestation.jobs.coordinator.StateStore;
import dev.lakestation.jobs.load.LoadService;
import dev.lakestation.jobs.runner.ContextFlinkRunner;
import dev.lakestation.jobs.runner.FlinkRunner;
import dev.lakestation.jobs.runner.LocalFlinkRunner;
import dev.lakestation.jobs.runner.ProjectJobRunner;
import dev.lakestation.jobs.runner.ReportingFlinkRunner;
import dev.lakestation.jobs.transform.TransformJob;
import dev.lakestation.jobs.transform.TransformService;
import dev.lakestation.jobs.transform.lineage.ParsedLineage;
import dev.lakestation.memphis.Memphis;
import dev.lakestation.memphis.MemphisOptions;
import dev.lakestation.schema.project.Project;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What the coordinator commands ({@code coordinator}, {@code status}, {@code trigger}, {@code backfill}) share: the
 * project's pipelines, the state store and the event source — local files, or with {@code --memphis} a JetStream
 * key-value bucket and a Memphis station — and, on demand, the job runner on a local MiniCluster.
 */
final class CoordinatorRuntime implements AutoCloseable {

    /**
     * How the commands get their {@link JobRunner}: the real jobs by default. Tests that start the command in a child
     * JVM replace it (see {@code CoordinatorKillITCase}); nothing else does.
     */
    static Function<CoordinatorRuntime, JobRunner> runnerFactory = CoordinatorRuntime::projectJobRunner;

    final Project project;
    final CoordinatorOptions options;
    final Clock clock;
    final ProjectPipelines pipelines;
    final DatasetEvents events;
    final StateStore store;
    final Path datasets;
    final PrintWriter out;
    private final Memphis memphis;
    private FlinkRunner flink;
    /** {@code --flink URL}: jobs run as applications on that cluster; null for a local MiniCluster. */
    private java.net.URI cluster;
    private dev.lakestation.jobs.runner.RestFlinkRunner rest;

    private CoordinatorRuntime(Project project, CoordinatorOptions options, ProjectPipelines pipelines, Clock clock,
                               PrintWriter out) {
        this.project = project;
        this.options = options;
        this.clock = clock;
        this.out = out;
        this.datasets = Path.of(project.settings().datasets());
        this.pipelines = pipelines;
        MemphisOptions broker = options.broker(System.getenv());
        if (broker != null) {
            this.memphis = Memphis.connect(broker);
            try {
                this.events = new MemphisDatasetEvents(memphis, options.station);
                this.store = new KeyValueStateStore(memphis.connection(), memphis.options().jetStreamOptions(),
                        options.bucket, KeyValueStateStore.keyFor(project.root().toAbsolutePath().normalize()
                                .getFileName().toString()));
            } catch (RuntimeException e) {
                memphis.close();
                throw e;
            }
        } else {
            this.memphis = null;
            this.events = new FileDatasetEvents(datasets);
            this.store = new FileStateStore(datasets.resolve("coordinator").resolve("state.json"));
        }
    }

    static CoordinatorRuntime open(Project project, CoordinatorOptions options, Clock clock, PrintWriter out) {
        return open(project, options, pipelines(project, options), clock, out);
    }

    /**
     * With pipelines already read: {@code trigger} and {@code backfill} check their arguments against them first, so
     * that bad input is a usage error before any broker connection or lock.
     */
    static CoordinatorRuntime open(Project project, CoordinatorOptions options, ProjectPipelines pipelines,
                                   Clock clock, PrintWriter out) {
        return new CoordinatorRuntime(project, options, pipelines, clock, out);
    }

    /** The project's pipelines with the DAG configurations and the {@code --options} overrides. */
    static ProjectPipelines pipelines(Project project, CoordinatorOptions options) {
        return ProjectPipelines.of(project, new ParsedLineage(), DagOptions.read(project.root()), options.dagOptions);
    }

    /** Loads and transforms go to the Flink cluster at {@code url} (null: a local MiniCluster, the default). */
    CoordinatorRuntime onCluster(java.net.URI url) {
        this.cluster = url;
        return this;
    }

    /** The lock of the project's coordinator. */
    Path lockFile() {
        return datasets.resolve("coordinator").resolve("coordinator.lock");
    }

    /** Where trigger / backfill queue requests for a running service. */
    CoordinatorRequests requests() {
        return new CoordinatorRequests(datasets.resolve("coordinator").resolve("requests"));
    }

    /** A coordinator on this runtime's store and events, running jobs with {@link #runnerFactory}. */
    Coordinator coordinator() {
        return new Coordinator(pipelines, runnerFactory.apply(this), store, clock, events);
    }

    /** "state: …, events: …" for the start-up line (no secrets). */
    String describe() {
        return (memphis != null
                ? "state: key-value bucket " + options.bucket + ", events: station " + options.station + " on "
                + memphis.options().address()
                : "state: " + datasets.resolve("coordinator").resolve("state.json") + ", events: "
                + ((FileDatasetEvents) events).file()) + (cluster != null ? ", jobs on the Flink cluster " + cluster
                : ", jobs on a local MiniCluster");
    }

    private JobRunner projectJobRunner() {
        int p = options.parallelism != null ? options.parallelism
                : Math.max(1, Runtime.getRuntime().availableProcessors());
        Consumer<String> log = line -> {
            out.println(line);
            out.flush();
        };
        if (cluster != null) {
            synchronized (this) {
                rest = dev.lakestation.jobs.runner.RestFlinkRunner.connect(cluster,
                        dev.lakestation.jobs.runner.ClusterJobRunner.defaultJobsJar());
            }
            // stage and preload are file moves on the shared project path: here, without Flink
            JobRunner local = new ProjectJobRunner(project, null, null, p, options.dagOptions, null, clock, l -> { });
            return new dev.lakestation.jobs.runner.ClusterJobRunner(project, rest, local, p, options.dagOptions, log);
        }
        // the job ids of each run's loads and transforms go to its record (status, status page)
        ReportingFlinkRunner lazy = new ReportingFlinkRunner(new LazyFlink(p));
        return new ProjectJobRunner(project, new LoadService(project, lazy, clock, events),
                new TransformService(project, () -> dev.lakestation.jobs.transform.TransformSession.on(lazy), () -> lazy, clock,
                        events, Duration.ofMinutes(10)), p, options.dagOptions, new ConsoleProgress(out, false), clock,
                log).reportingJobsOf(lazy).withStations(memphis == null ? null
                        : new dev.lakestation.jobs.load.StationRequest(memphis.options(), null, true,
                        Duration.ofSeconds(1)));   // broker mode: station tables too
    }

    /** The MiniCluster starts with the first job that needs one and serves every later job of this process. */
    private final class LazyFlink implements FlinkRunner {
        private final int parallelism;

        LazyFlink(int parallelism) {
            this.parallelism = parallelism;
        }

        private FlinkRunner get() {
            synchronized (CoordinatorRuntime.this) {
                if (flink == null) {
                    flink = ContextFlinkRunner.detect(parallelism).orElseGet(() -> LocalFlinkRunner.start(parallelism));
                }
                return flink;
            }
        }

        @Override
        public org.apache.flink.streaming.api.environment.StreamExecutionEnvironment environment() {
            return get().environment();
        }

        @Override
        public dev.lakestation.jobs.runner.RunningJob submit(
                org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env, String jobName)
                throws Exception {
            return get().submit(env, jobName);
        }

        @Override
        public void awaitReady() {
            // a transform's breakdown counts the MiniCluster's start apart from its execution
            get().awaitReady();
        }

        @Override
        public void close() {
            // closed with the runtime
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (flink != null) {
                flink.close();
            }
            if (rest != null) {
                rest.close();
            }
        }
        if (memphis != null) {
            memphis.close();
        }
    }
}
