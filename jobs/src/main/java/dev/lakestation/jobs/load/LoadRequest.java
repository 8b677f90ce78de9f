package dev.lakestation.jobs.load;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one {@code lakestation load} does.
 *
 * @param domains     domains to load (empty = all)
 * @param tables      tables to load within them (empty = all)
 * @param parallelism readers and writers per table
 * @param options     variables given with {@code --options k=v} (also seen by the project's YAML)
 * @param splitSize   byte-range size of a large splittable file
 * @param lockWait    how long to wait for another load of the same table to finish
 * @param runId       the run id given by an orchestrator (audit job id, dataset event), or null for a fresh one
 * @param slSchedule  the cron period the run belongs to ({@code sl_schedule}), or null when not scheduled
 * @param stations    how tables with a station are read ({@code --memphis}, {@code --from-station},
 *                    {@code --bounded}), or null: such tables then fail with a message asking for a broker
 */
public record LoadRequest(List<String> domains, List<String> tables, int parallelism, Map<String, String> options,
                          long splitSize, Duration lockWait, String runId, String slSchedule,
                          StationRequest stations) {

    /** A request without a broker (file loads only). */
    public LoadRequest(List<String> domains, List<String> tables, int parallelism, Map<String, String> options,
            long splitSize, Duration lockWait, String runId, String slSchedule) {
        this(domains, tables, parallelism, options, splitSize, lockWait, runId, slSchedule, null);
    }

    public LoadRequest {
        domains = List.copyOf(domains);
        tables = List.copyOf(tables);
        options = Map.copyOf(options);
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        }
    }

    /** All tables of the given domains, defaults elsewhere. */
    public static LoadRequest of(List<String> domains, List<String> tables, int parallelism) {
        return new LoadRequest(domains, tables, parallelism, Map.of(), LoadSplits.DEFAULT_SPLIT_SIZE,
                Duration.ofMinutes(10), null, null);
    }

    /** This request with variables from {@code --options}. */
    public LoadRequest withOptions(Map<String, String> variables) {
        return new LoadRequest(domains, tables, parallelism, variables, splitSize, lockWait, runId, slSchedule,
                stations);
    }

    /** This request with a broker for the tables that have a station. */
    public LoadRequest withStations(StationRequest stationRequest) {
        return new LoadRequest(domains, tables, parallelism, options, splitSize, lockWait, runId, slSchedule,
                stationRequest);
    }

    /** This request as part of an orchestrated run. */
    public LoadRequest forRun(String runId, String slSchedule) {
        return new LoadRequest(domains, tables, parallelism, options, splitSize, lockWait, runId, slSchedule,
                stations);
    }
}
