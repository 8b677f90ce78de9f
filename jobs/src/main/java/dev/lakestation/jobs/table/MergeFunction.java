package dev.lakestation.jobs.table;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The keyed merge: input 1 = the table's rows, input 2 = the incoming rows, both keyed by the strategy's key.
 * In BATCH mode Flink sorts both inputs by key (spilling to disk) and keeps the state of one key at a time, so
 * the merge is bounded by the largest key group, not by the table. The rows of a key are decided by
 * {@link RowMerge} when the key ends (the event-time timer at +∞ fires at the end of each key in BATCH mode).
 */
final class MergeFunction extends KeyedCoProcessFunction<String, GenericRecord, GenericRecord, GenericRecord> {
    private final RowMerge merge;
    private final String schemaJson;
    private transient ListState<GenericRecord> existing;
    private transient ListState<GenericRecord> incoming;

    MergeFunction(MergeSpec spec) {
        this.merge = new RowMerge(spec);
        this.schemaJson = spec.tableSchema().toString();
    }

    @Override
    public void open(OpenContext context) {
        Schema schema = new Schema.Parser().parse(schemaJson);
        existing = getRuntimeContext().getListState(new ListStateDescriptor<>("existing",
                new GenericRecordAvroTypeInfo(schema)));
        incoming = getRuntimeContext().getListState(new ListStateDescriptor<>("incoming",
                new GenericRecordAvroTypeInfo(schema)));
    }

    @Override
    public void processElement1(GenericRecord row, Context ctx, Collector<GenericRecord> out) throws Exception {
        existing.add(row);
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    }

    @Override
    public void processElement2(GenericRecord row, Context ctx, Collector<GenericRecord> out) throws Exception {
        incoming.add(row);
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<GenericRecord> out) throws Exception {
        List<GenericRecord> e = RowMerge.list(existing.get());
        List<GenericRecord> i = RowMerge.list(incoming.get());
        merge.merge(e, i, out::collect);
        existing.clear();
        incoming.clear();
    }
}
