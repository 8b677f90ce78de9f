package dev.lakestation.jobs.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link FileDatasetEvents}: positions, torn lines, concurrent publishers. */
class DatasetEventsFileTest {

    @TempDir
    Path datasets;

    private static DatasetEvent event(String run) {
        return DatasetEvent.of("s.t", DatasetKind.LOAD, run, null, 1, 1, 0, Instant.parse("2024-03-01T10:00:00Z"));
    }

    @Test
    void readsFromAPositionInBatches() {
        FileDatasetEvents events = new FileDatasetEvents(datasets);
        assertThat(events.readAfter(0, 10)).isEmpty(); // no file yet
        for (int i = 0; i < 5; i++) {
            events.publish(event("r" + i));
        }
        assertThat(events.file()).isEqualTo(datasets.resolve("events/datasets.jsonl"));
        List<DatasetEvents.Positioned> first = events.readAfter(0, 2);
        assertThat(first).extracting(p -> p.event().runId()).containsExactly("r0", "r1");
        List<DatasetEvents.Positioned> rest = events.readAfter(first.get(1).next(), 10);
        assertThat(rest).extracting(p -> p.event().runId()).containsExactly("r2", "r3", "r4");
        assertThat(events.readAfter(rest.get(2).next(), 10)).isEmpty();
    }

    @Test
    void aTornLineOfACrashedPublisherIsNeverReturnedAndDoesNotSpoilTheNextEvent() throws Exception {
        FileDatasetEvents events = new FileDatasetEvents(datasets);
        events.publish(event("r0"));
        String torn = event("r1").toJson();
        Files.writeString(events.file(), torn.substring(0, torn.length() / 2), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND); // killed mid-write
        assertThat(events.readAfter(0, 10)).extracting(p -> p.event().runId()).containsExactly("r0");

        events.publish(event("r2"));
        List<DatasetEvents.Positioned> all = events.readAfter(0, 10);
        assertThat(all).extracting(p -> p.event().runId()).containsExactly("r0", "r2");
        assertThat(all.get(1).next()).isEqualTo(Files.size(events.file()));
    }

    @Test
    void concurrentPublishersLoseAndInterleaveNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                FileDatasetEvents own = new FileDatasetEvents(datasets); // one instance per job
                for (int i = 0; i < 50; i++) {
                    own.publish(event("w" + writer + "-" + i));
                }
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        List<DatasetEvents.Positioned> all = new FileDatasetEvents(datasets).readAfter(0, 1000);
        assertThat(all).hasSize(200);
        assertThat(all).extracting(p -> p.event().runId()).doesNotHaveDuplicates();
    }
}
