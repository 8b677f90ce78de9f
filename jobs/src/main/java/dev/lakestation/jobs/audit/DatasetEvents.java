package dev.lakestation.jobs.audit;

import java.util.List;

/**
 * Where dataset events go and come from. Loads and transforms {@link #publish} on success; the coordinator reads
 * with {@link #readAfter} from the position it last stored. Implementations: {@link FileDatasetEvents}
 * ({@code <datasets>/events/}) and {@link MemphisDatasetEvents} (station {@code lakestation.datasets}, where a position
 * is the stream sequence).
 *
 * <pre>{@code
 * DatasetEvents events = new FileDatasetEvents(Path.of(project.settings().datasets()));
 * events.publish(DatasetEvent.of("starbake.orders", DatasetKind.LOAD, runId, null, 3, 3, 0, Instant.now()));
 * long position = 0;
 * for (DatasetEvents.Positioned p : events.readAfter(position, 100)) {
 *     handle(p.event());
 *     position = p.next();  // store it with what handle() decided
 * }
 * }</pre>
 *
 * Delivery is at least once: a publisher that crashes after writing may publish again, and a reader may read the
 * same event from two positions. Consumers drop duplicates by {@link DatasetEvent#eventId()}.
 */
public interface DatasetEvents {

    /** Durably publishes {@code event}: when this returns, a reader will see it. */
    void publish(DatasetEvent event);

    /**
     * Up to {@code max} events published after {@code position}, oldest first; position 0 is the beginning. Each
     * comes with the position to pass next time. Never blocks waiting for new events.
     */
    List<Positioned> readAfter(long position, int max);

    /**
     * An event and the position just after it; {@code event} is null for an entry the source skipped as unreadable
     * (already logged), so that the reader's position moves past it.
     */
    record Positioned(DatasetEvent event, long next) {
    }

    /**
     * Calls {@code listener} (on another thread) whenever new events may have been published, so that a waiting
     * coordinator wakes up instead of polling; closing the result stops it. The default never calls it: the caller
     * polls.
     */
    default AutoCloseable onPublished(Runnable listener) {
        return () -> { };
    }
}
