package dev.lakestation.jobs.load;

import dev.lakestation.jobs.audit.RejectedRow;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits a load's rows: accepted rows go on to the table's Parquet files, rejected ones become rejected-table rows
 * on a side output, filtered ones are only counted. The counts are Flink accumulators
 * ({@link #ACCEPTED}, {@link #REJECTED}, {@link #FILTERED}), readable while the job runs.
 */
public final class LoadRouter extends ProcessFunction<LoadRow, GenericRecord> {

    public static final String ACCEPTED = "lakestation.accepted";
    public static final String REJECTED = "lakestation.rejected";
    public static final String FILTERED = "lakestation.filtered";

    /** Rejected rows, {@link RejectedRow#SCHEMA}. */
    public static final OutputTag<GenericRecord> REJECTED_ROWS =
            new OutputTag<>("rejected", new GenericRecordAvroTypeInfo(RejectedRow.SCHEMA));

    private final String jobId;
    private final String domain;
    private final String table;
    private final java.time.Instant loadTime;
    private transient LongCounter accepted;
    private transient LongCounter rejected;
    private transient LongCounter filtered;

    public LoadRouter(String jobId, String domain, String table, long timestamp) {
        this.jobId = jobId;
        this.domain = domain;
        this.table = table;
        this.loadTime = java.time.Instant.ofEpochMilli(timestamp);
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
        accepted = counter(ACCEPTED);
        rejected = counter(REJECTED);
        filtered = counter(FILTERED);
    }

    private LongCounter counter(String name) {
        LongCounter c = new LongCounter();
        getRuntimeContext().addAccumulator(name, c);
        return c;
    }

    @Override
    public void processElement(LoadRow row, Context ctx, Collector<GenericRecord> out) {
        switch (row.kind()) {
            case ACCEPTED -> {
                accepted.add(1);
                out.collect(row.record());
            }
            case REJECTED -> {
                rejected.add(1);
                ctx.output(REJECTED_ROWS, new RejectedRow(jobId, loadTime, domain, table, row.error(), row.path(),
                        row.line() < 0 ? null : row.line(), row.offset() < 0 ? null : row.offset(), row.value(),
                        row.station(), row.station() == null ? null : row.partition(),
                        row.station() == null ? null : row.sequence()).toRecord());
            }
            case FILTERED -> filtered.add(1);
        }
    }
}
