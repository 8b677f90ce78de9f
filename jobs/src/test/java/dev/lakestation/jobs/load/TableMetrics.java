package dev.lakestation.jobs.load;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;

/** A table's {@link LoadRouter} metrics as an {@link InMemoryReporter} received them, over all subtasks. */
final class TableMetrics {

    private TableMetrics() {
    }

    /** Counter name → sum over the table's subtasks. */
    static Map<String, Long> counters(InMemoryReporter reporter, String table) {
        Map<String, Long> sums = new TreeMap<>();
        for (Map<String, Metric> m : groups(reporter, table)) {
            m.forEach((name, metric) -> {
                if (metric instanceof Counter c) {
                    sums.merge(name, c.getCount(), Long::sum);
                }
            });
        }
        return sums;
    }

    /** The values of gauge {@code name}, one per subtask of the table. */
    static List<Long> gauges(InMemoryReporter reporter, String table, String name) {
        return groups(reporter, table).stream().map(m -> m.get(name)).filter(g -> g instanceof Gauge<?>)
                .map(g -> ((Number) ((Gauge<?>) g).getValue()).longValue()).toList();
    }

    /** The statistics of histogram {@code name}, one per subtask of the table. */
    static List<HistogramStatistics> histograms(InMemoryReporter reporter, String table, String name) {
        return groups(reporter, table).stream().map(m -> m.get(name)).filter(h -> h instanceof Histogram)
                .map(h -> ((Histogram) h).getStatistics()).toList();
    }

    /** The number of values histogram {@code name} received, summed over the table's subtasks. */
    static long histogramCount(InMemoryReporter reporter, String table, String name) {
        return groups(reporter, table).stream().map(m -> m.get(name)).filter(h -> h instanceof Histogram)
                .mapToLong(h -> ((Histogram) h).getCount()).sum();
    }

    private static List<Map<String, Metric>> groups(InMemoryReporter reporter, String table) {
        return reporter.getMetricsByGroup().entrySet().stream()
                .filter(e -> isTable(e.getKey(), table)).map(Map.Entry::getValue).toList();
    }

    private static boolean isTable(MetricGroup g, String table) {
        return table.equals(g.getAllVariables().get("<" + LoadRouter.TABLE_KEY + ">"));
    }
}
