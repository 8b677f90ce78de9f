package dev.lakestation.connector.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.connector.source.deserializer.MemphisDeserializers;
import dev.lakestation.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The metrics a MiniCluster job reports for the source operator, read through Flink's
 * {@link InMemoryReporter} (metrics retained after the job ends): FLIP-33 {@code numRecordsIn},
 * {@code numBytesIn}, {@code currentEmitEventTimeLag}, and the connector's own groups.
 */
class MemphisSourceMetricsITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                    .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final int PER_PARTITION = 100;

    @Test
    void flip33RecordsBytesAndEmitEventTimeLagAndPerPartitionMetricsOfABoundedRead() throws Exception {
        String station = "metrics.two";
        List<String> expected = new ArrayList<>();
        long bytes = 0;
        long publishStart = System.currentTimeMillis();
        try (Connection nc = TestStations.connect(NATS)) {
            TestStations.createStation(nc, station, 2);
            for (int p = 1; p <= 2; p++) {
                List<String> values = TestStations.values("m" + p, PER_PARTITION);
                TestStations.publish(nc, station, p, values);
                expected.addAll(values);
            }
        }
        long publishEnd = System.currentTimeMillis();
        for (String v : expected) {
            bytes += v.getBytes(StandardCharsets.UTF_8).length;
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(100);
        MemphisSource<String> source = MemphisSource.<String>builder()
                .setOptions(TestStations.options(NATS))
                .setStations(station)
                .setConsumerGroup("metrics-group")
                .setDeserializer(MemphisDeserializers.string())
                .setBounded()
                .build();
        long jobStart = System.currentTimeMillis();
        List<String> actual = new ArrayList<>();
        JobID jobId;
        try (CloseableIterator<String> it = env.fromSource(
                source, WatermarkStrategy.<String>forMonotonousTimestamps(), "memphis-metrics").collectAsync()) {
            JobClient job = env.executeAsync("memphis-metrics-job");
            jobId = job.getJobID();
            it.forEachRemaining(actual::add);
            job.getJobExecutionResult().get();
        }
        long readTime = System.currentTimeMillis();
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);

        List<OperatorMetricGroup> readers = REPORTER.findOperatorMetricGroups(jobId, "memphis-metrics");
        assertThat(readers).as("one source operator group per subtask").hasSize(2);
        long recordsIn = 0;
        long bytesIn = 0;
        for (OperatorMetricGroup g : readers) {
            Map<String, Metric> m = REPORTER.getMetricsByGroup(g);
            long records = ((Counter) m.get("numRecordsIn")).getCount();
            // the two partitions have different deterministic owners: one partition per reader
            assertThat(records).as("numRecordsIn of one reader").isEqualTo(PER_PARTITION);
            recordsIn += records;
            bytesIn += ((Counter) m.get("numBytesIn")).getCount();
            assertThat(((Counter) m.get("numRecordsInErrors")).getCount()).isZero();
            // lag = (emit time, or now/idle start) - time sent of the last record: at least the time
            // between the last publish and the job start, at most the time since the first publish
            long lag = ((Number) ((Gauge<?>) m.get("currentEmitEventTimeLag")).getValue()).longValue();
            assertThat(lag).as("currentEmitEventTimeLag (ms)")
                    .isBetween(Math.max(0, jobStart - publishEnd - 1), readTime - publishStart + 1);
        }
        assertThat(recordsIn).as("numRecordsIn over all readers").isEqualTo(2L * PER_PARTITION);
        assertThat(bytesIn).as("numBytesIn over all readers").isEqualTo(bytes);

        // connector metrics, by their identifiers
        Map<String, Metric> all = metricsOfJob(jobId);
        long acksSucceeded = 0;
        for (Map.Entry<String, Metric> e : all.entrySet()) {
            if (e.getKey().endsWith(".memphis.acksSucceeded")) {
                acksSucceeded += ((Counter) e.getValue()).getCount();
            }
            if (e.getKey().endsWith(".memphis.acksFailed") || e.getKey().endsWith(".memphis.redeliveriesDropped")
                    || e.getKey().endsWith(".memphis.deserializationErrors")) {
                assertThat(((Counter) e.getValue()).getCount()).as(e.getKey()).isZero();
            }
        }
        assertThat(acksSucceeded).as("memphis.acksSucceeded over all readers").isEqualTo(2L * PER_PARTITION);
        for (int p = 1; p <= 2; p++) {
            String prefix = ".station." + station + ".partition." + p + ".";
            assertThat(gauge(all, prefix + "lastEmittedSeq")).as("partition %d lastEmittedSeq", p)
                    .isEqualTo(PER_PARTITION);
            assertThat(gauge(all, prefix + "lastAckedSeq")).as("partition %d lastAckedSeq", p)
                    .isEqualTo(PER_PARTITION);
            assertThat(gauge(all, prefix + "pendingAcks")).as("partition %d pendingAcks", p).isZero();
        }
        try (Connection nc = TestStations.connect(NATS)) {
            for (int p = 1; p <= 2; p++) {
                assertThat(TestStations.consumerInfo(nc, station, p, "metrics-group").getNumAckPending()).isZero();
            }
        }
    }

    /**
     * Every metric of the job by its identifier ({@link InMemoryReporter#getMetricsByIdentifiers} cannot
     * be used: task and operator groups yield equal identifiers for some I/O meters).
     */
    private static Map<String, Metric> metricsOfJob(JobID jobId) {
        Map<String, Metric> out = new java.util.HashMap<>();
        REPORTER.getMetricsByGroup().forEach((group, metrics) -> {
            if (jobId.toString().equals(group.getAllVariables().get("<job_id>"))) {
                metrics.forEach((name, metric) -> out.put(group.getMetricIdentifier(name), metric));
            }
        });
        return out;
    }

    /** The value of the one gauge whose identifier ends with {@code suffix}. */
    private static long gauge(Map<String, Metric> all, String suffix) {
        List<Long> values = new ArrayList<>();
        all.forEach((id, metric) -> {
            if (id.endsWith(suffix)) {
                values.add(((Number) ((Gauge<?>) metric).getValue()).longValue());
            }
        });
        assertThat(values).as("gauges ending with %s", suffix).hasSize(1);
        return values.get(0);
    }
}
