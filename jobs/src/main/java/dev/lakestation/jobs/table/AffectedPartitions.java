package dev.lakestation.jobs.table;

import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The key scan of a partitioned merge: (key, partition, incoming?) rows keyed by key; a key that the incoming
 * batch holds makes every partition it appears in (in the table or in the batch) affected. Results go to the
 * {@link #ACCUMULATOR} list (each partition once per subtask): a set of folder names, small next to the data.
 */
final class AffectedPartitions extends KeyedProcessFunction<String, Tuple3<String, String, Boolean>, Void> {
    static final String ACCUMULATOR = "lakestation.affected-partitions";

    private transient ValueState<Boolean> hasIncoming;
    private transient MapState<String, Boolean> partitions;
    private transient ListAccumulator<String> affected;
    private transient Set<String> reported;

    @Override
    public void open(OpenContext context) {
        hasIncoming = getRuntimeContext().getState(new ValueStateDescriptor<>("incoming", Types.BOOLEAN));
        partitions = getRuntimeContext().getMapState(new MapStateDescriptor<>("partitions", Types.STRING,
                Types.BOOLEAN));
        affected = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(ACCUMULATOR, affected);
        reported = new HashSet<>();
    }

    @Override
    public void processElement(Tuple3<String, String, Boolean> row, Context ctx, Collector<Void> out)
            throws Exception {
        if (row.f2) {
            hasIncoming.update(true);
        }
        partitions.put(row.f1, true);
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Void> out) throws Exception {
        if (Boolean.TRUE.equals(hasIncoming.value())) {
            for (String p : partitions.keys()) {
                if (reported.add(p)) {
                    affected.add(p);
                }
            }
        }
        hasIncoming.clear();
        partitions.clear();
    }
}
