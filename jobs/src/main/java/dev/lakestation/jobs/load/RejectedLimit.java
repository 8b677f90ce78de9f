package dev.lakestation.jobs.load;

import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps the first {@code max} rejected rows of a load when {@code audit.maxErrors} is set explicitly (runs with
 * parallelism 1 so the limit is global); the rest are counted in {@link #NOT_STORED}, never silently: the audit
 * row says how many were not stored.
 */
final class RejectedLimit extends ProcessFunction<GenericRecord, GenericRecord> {

    static final String NOT_STORED = "lakestation.rejectedNotStored";

    private final long max;
    private transient long seen;
    private transient LongCounter notStored;

    RejectedLimit(long max) {
        this.max = max;
    }

    @Override
    public void open(OpenContext ctx) {
        notStored = new LongCounter();
        getRuntimeContext().addAccumulator(NOT_STORED, notStored);
    }

    @Override
    public void processElement(GenericRecord row, Context ctx, Collector<GenericRecord> out) {
        if (seen++ < max) {
            out.collect(row);
        } else {
            notStored.add(1);
        }
    }
}
