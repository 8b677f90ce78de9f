package dev.lakestation.connector.source.reader;

import dev.lakestation.connector.source.MemphisRecord;
import dev.lakestation.connector.source.split.MemphisPartitionSplit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.fetcher.SplitFetcher;
import org.apache.flink.connector.base.source.reader.fetcher.SplitFetcherManager;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;

/**
 * One fetcher thread per partition (as Pulsar's reader does): a pull that waits on a quiet partition
 * never holds up a busy one, and each partition's pull consumer lives on exactly one thread.
 */
@Internal
final class MemphisFetcherManager extends SplitFetcherManager<MemphisRecord, MemphisPartitionSplit> {
    private final Map<String, SplitFetcher<MemphisRecord, MemphisPartitionSplit>> bySplit = new ConcurrentHashMap<>();

    MemphisFetcherManager(Supplier<SplitReader<MemphisRecord, MemphisPartitionSplit>> readers, Configuration config) {
        super(readers, config);
    }

    @Override
    public void addSplits(List<MemphisPartitionSplit> splits) {
        for (MemphisPartitionSplit split : splits) {
            SplitFetcher<MemphisRecord, MemphisPartitionSplit> fetcher = createSplitFetcher();
            fetcher.addSplits(Collections.singletonList(split));
            bySplit.put(split.splitId(), fetcher);
            startFetcher(fetcher);
        }
    }

    @Override
    public void removeSplits(List<MemphisPartitionSplit> splits) {
        for (MemphisPartitionSplit split : splits) {
            SplitFetcher<MemphisRecord, MemphisPartitionSplit> fetcher = bySplit.remove(split.splitId());
            if (fetcher != null) {
                fetcher.shutdown();
            }
        }
    }

    void forget(String splitId) {
        bySplit.remove(splitId);
    }
}
