package dev.lakestation.jobs.coordinator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the coordinator must remember across restarts, saved whole by the {@link StateStore} after every
 * decision (write-ahead: a run is saved as RUNNING before its job call). Times are epoch milliseconds. Plain fields
 * so that it maps to JSON one to one.
 */
public final class CoordinatorState {

    /** Format version of this document. */
    public int version = 1;
    /** first start: the age of a dataset that never had an event is counted from here */
    public long createdAt;
    /** position in the {@link dev.lakestation.jobs.audit.DatasetEvents} source of the next event to read */
    public long eventCursor;
    /** runs by run id: a run id present here is never started again */
    public Map<String, RunRecord> runs = new LinkedHashMap<>();
    /** last cron tick handled per scheduled pipeline; last preload poll per file-triggered pipeline */
    public Map<String, Long> lastTick = new HashMap<>();
    /** ids of the events already handled, with their event time (dedup) */
    public Map<String, Long> seenEvents = new LinkedHashMap<>();
    /** per dataset (lower-case name): last event and freshness alert level */
    public Map<String, DatasetStatus> datasets = new HashMap<>();
    /** per dataset-triggered pipeline: what it has fired and what it waits for */
    public Map<String, TriggerState> triggers = new HashMap<>();
    /**
     * per pipeline: the newest period tick whose run was pruned from {@link #runs} (history is bounded); a period up
     * to it counts as done — it is not run again except by {@code backfill --reprocess all}
     */
    public Map<String, Long> prunedThrough = new HashMap<>();

    /** What is known of one dataset. */
    public static final class DatasetStatus {
        public Long lastEventAt;
        /** the newest period (cron tick) an event of it covered, or null */
        public Long lastTick;
        /** NONE, WARN or ERROR: the last freshness alert raised since its last event */
        public String alert = "NONE";
    }

    /** The trigger of one dataset-triggered pipeline. */
    public static final class TriggerState {
        /** period mode: the newest period it fired for */
        public Long lastFiredTick;
        /** event mode (inputs without crons): input dataset → id of an event received since the last fire */
        public Map<String, String> pending = new LinkedHashMap<>();
        /** ids of the events that fired its runs, newest last (kept for status / why) */
        public List<String> firedBy = new ArrayList<>();
    }
}
