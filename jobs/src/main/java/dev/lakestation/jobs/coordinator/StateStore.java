package dev.lakestation.jobs.coordinator;

import java.util.Optional;

/**
 * Durable home of the {@link CoordinatorState}. {@link #save} replaces the whole state atomically: after a crash
 * {@link #load} returns either the previous or the new state, never a mix. Implementations: {@link FileStateStore},
 * {@link InMemoryStateStore}; a JetStream key-value bucket later.
 *
 * <pre>{@code
 * StateStore store = new FileStateStore(Path.of("/project/datasets/coordinator/state.json"));
 * }</pre>
 */
public interface StateStore {

    /** The last saved state, or empty before the first save. */
    Optional<CoordinatorState> load();

    /** Replaces the stored state; durable when this returns. */
    void save(CoordinatorState state);
}
