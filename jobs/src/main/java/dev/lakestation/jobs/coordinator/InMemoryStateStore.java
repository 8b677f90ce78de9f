package dev.lakestation.jobs.coordinator;

import java.util.Optional;

/**
 * State kept in memory (as its JSON text, so that a loaded state never aliases the saved one — the same behaviour as
 * {@link FileStateStore}). For {@code lakestation run} and tests; lost with the process.
 */
public final class InMemoryStateStore implements StateStore {

    private volatile String json;

    @Override
    public Optional<CoordinatorState> load() {
        String j = json;
        return j == null ? Optional.empty() : Optional.of(StateJson.read(j, "in-memory state"));
    }

    @Override
    public void save(CoordinatorState state) {
        json = StateJson.write(state);
    }
}
