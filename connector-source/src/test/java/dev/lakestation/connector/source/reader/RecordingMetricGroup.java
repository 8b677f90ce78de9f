package dev.lakestation.connector.source.reader;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.OperatorIOMetricGroup;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/**
 * A metric group that remembers every metric registered under it by its dotted path (e.g.
 * {@code memphis.acksSucceeded}, {@code station.s.partition.1.pendingAcks}), so tests can check names
 * and values. (Flink's own MetricListener lives in a test-jar this build cannot use.)
 */
final class RecordingMetricGroup extends UnregisteredMetricsGroup implements OperatorMetricGroup {
    private final Map<String, Metric> metrics;
    private final String prefix;

    RecordingMetricGroup() {
        this(new ConcurrentHashMap<>(), "");
    }

    private RecordingMetricGroup(Map<String, Metric> metrics, String prefix) {
        this.metrics = metrics;
        this.prefix = prefix;
    }

    /** The operator's FLIP-33 IO counters, recorded as {@code numRecordsIn}, {@code numBytesIn}, ... */
    @Override
    public OperatorIOMetricGroup getIOMetricGroup() {
        return new Io();
    }

    private final class Io extends UnregisteredMetricsGroup implements OperatorIOMetricGroup {
        private Counter named(String name) {
            return (Counter) metrics.computeIfAbsent(prefix + name, k -> new SimpleCounter());
        }

        @Override
        public Counter getNumRecordsInCounter() {
            return named("numRecordsIn");
        }

        @Override
        public Counter getNumRecordsOutCounter() {
            return named("numRecordsOut");
        }

        @Override
        public Counter getNumBytesInCounter() {
            return named("numBytesIn");
        }

        @Override
        public Counter getNumBytesOutCounter() {
            return named("numBytesOut");
        }
    }

    Map<String, Metric> metrics() {
        return metrics;
    }

    @SuppressWarnings("unchecked")
    <T> T gaugeValue(String path) {
        Metric m = metrics.get(path);
        if (m == null) {
            throw new AssertionError("no metric " + path + " among " + metrics.keySet());
        }
        return ((Gauge<T>) m).getValue();
    }

    long count(String path) {
        Metric m = metrics.get(path);
        if (m == null) {
            throw new AssertionError("no metric " + path + " among " + metrics.keySet());
        }
        return ((Counter) m).getCount();
    }

    @Override
    public Counter counter(String name) {
        return counter(name, new org.apache.flink.metrics.SimpleCounter());
    }

    @Override
    public <C extends Counter> C counter(String name, C counter) {
        metrics.put(prefix + name, counter);
        return counter;
    }

    @Override
    public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
        metrics.put(prefix + name, gauge);
        return gauge;
    }

    @Override
    public MetricGroup addGroup(String name) {
        return new RecordingMetricGroup(metrics, prefix + name + ".");
    }

    @Override
    public MetricGroup addGroup(String key, String value) {
        return new RecordingMetricGroup(metrics, prefix + key + "." + value + ".");
    }
}
