package dev.lakestation.jobs.load;

import dev.lakestation.jobs.audit.RejectedRow;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits a load's rows: accepted rows go on to the table's Parquet files, rejected ones become rejected-table rows
 * on a side output, filtered ones are only counted. The counts are Flink accumulators
 * ({@link #ACCEPTED}, {@link #REJECTED}, {@link #FILTERED}), readable while the job runs, and Flink metrics in the
 * group {@code lakestation.table.<domain>.<table>} (key {@value #TABLE_KEY}, so reporters get the table as a
 * variable): counters {@value #ROWS_IN}, {@value #ROWS_ACCEPTED}, {@value #ROWS_REJECTED}, {@value #ROWS_FILTERED}
 * and, for a station load, the gauges {@value #LAST_COMMIT_LAG} and {@value #MAX_COMMIT_LAG} and the histogram
 * {@value #COMMIT_LAG} of sampled rows ({@link CommitLag}: the broker's message time, the Flink record timestamp, to
 * the completion of the checkpoint that finishes the row's file — the committer of the chained sinks behind this
 * function is notified before it).
 */
public final class LoadRouter extends ProcessFunction<LoadRow, GenericRecord>
        implements CheckpointedFunction, CheckpointListener {

    public static final String ACCEPTED = "lakestation.accepted";
    public static final String REJECTED = "lakestation.rejected";
    public static final String FILTERED = "lakestation.filtered";

    /** The metric group under the operator's: {@code lakestation}. */
    public static final String METRIC_GROUP = "lakestation";
    /** The key of the table's metric group, its value {@code <domain>.<table>}. */
    public static final String TABLE_KEY = "table";
    public static final String ROWS_IN = "rowsIn";
    public static final String ROWS_ACCEPTED = "rowsAccepted";
    public static final String ROWS_REJECTED = "rowsRejected";
    public static final String ROWS_FILTERED = "rowsFiltered";
    public static final String LAST_COMMIT_LAG = "lastCommitLagMs";
    public static final String MAX_COMMIT_LAG = "maxCommitLagMs";
    /** Histogram of the commit lag per row (sampled, see {@link CommitLag}), ms. */
    public static final String COMMIT_LAG = "commitLagMs";
    /** How many of the latest sampled row lags the histogram's statistics cover. */
    static final int COMMIT_LAG_WINDOW = 4096;

    /** Rejected rows, {@link RejectedRow#SCHEMA}. */
    public static final OutputTag<GenericRecord> REJECTED_ROWS =
            new OutputTag<>("rejected", new GenericRecordAvroTypeInfo(RejectedRow.SCHEMA));

    private final String jobId;
    private final String domain;
    private final String table;
    private final java.time.Instant loadTime;
    private final boolean fromStation;
    private transient LongCounter accepted;
    private transient LongCounter rejected;
    private transient LongCounter filtered;
    private transient Counter rowsIn;
    private transient Counter rowsAccepted;
    private transient Counter rowsRejected;
    private transient Counter rowsFiltered;
    private transient CommitLag lag;

    /**
     * @param fromStation the rows come from station messages (their record timestamp is the broker's time):
     *                    measure the commit lag
     */
    public LoadRouter(String jobId, String domain, String table, long timestamp, boolean fromStation) {
        this.jobId = jobId;
        this.domain = domain;
        this.table = table;
        this.loadTime = java.time.Instant.ofEpochMilli(timestamp);
        this.fromStation = fromStation;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
        accepted = counter(ACCEPTED);
        rejected = counter(REJECTED);
        filtered = counter(FILTERED);
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup(METRIC_GROUP)
                .addGroup(TABLE_KEY, domain + "." + table);
        rowsIn = metrics.counter(ROWS_IN);
        rowsAccepted = metrics.counter(ROWS_ACCEPTED);
        rowsRejected = metrics.counter(ROWS_REJECTED);
        rowsFiltered = metrics.counter(ROWS_FILTERED);
        if (fromStation) {
            Histogram rowLags = metrics.histogram(COMMIT_LAG, new DescriptiveStatisticsHistogram(COMMIT_LAG_WINDOW));
            lag = new CommitLag(rowLags::update);
            CommitLag l = lag;
            metrics.gauge(LAST_COMMIT_LAG, (Gauge<Long>) l::last);
            metrics.gauge(MAX_COMMIT_LAG, (Gauge<Long>) l::max);
        }
    }

    private LongCounter counter(String name) {
        LongCounter c = new LongCounter();
        getRuntimeContext().addAccumulator(name, c);
        return c;
    }

    @Override
    public void processElement(LoadRow row, Context ctx, Collector<GenericRecord> out) {
        rowsIn.inc();
        if (lag != null && row.kind() != LoadRow.Kind.FILTERED) {
            Long sent = ctx.timestamp();
            if (sent != null) {
                lag.row(sent);
            }
        }
        switch (row.kind()) {
            case ACCEPTED -> {
                accepted.add(1);
                rowsAccepted.inc();
                out.collect(row.record());
            }
            case REJECTED -> {
                rejected.add(1);
                rowsRejected.inc();
                ctx.output(REJECTED_ROWS, new RejectedRow(jobId, loadTime, domain, table, row.error(), row.path(),
                        row.line() < 0 ? null : row.line(), row.offset() < 0 ? null : row.offset(), row.value(),
                        row.station(), row.station() == null ? null : row.partition(),
                        row.station() == null ? null : row.sequence()).toRecord());
            }
            case FILTERED -> {
                filtered.add(1);
                rowsFiltered.inc();
            }
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        if (lag != null) {
            lag.snapshot(context.getCheckpointId());
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        if (lag != null) {
            lag.completed(checkpointId, System.currentTimeMillis());
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        // no state: a restored job's pending files were routed by an earlier job, their lag is not measured
    }
}
