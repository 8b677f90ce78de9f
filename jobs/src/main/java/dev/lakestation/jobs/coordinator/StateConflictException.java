package dev.lakestation.jobs.coordinator;

/**
 * A {@link StateStore} refused a save because another process wrote the state since this store read or wrote it
 * (a second coordinator on the same bucket, a {@code trigger} on another machine): this coordinator's view is stale.
 * Not retried — every later save would fail the same way, and overwriting would lose the other writer's decisions —
 * so the service stops; a restart reads the current state.
 *
 * <pre>{@code
 * try { store.save(state); } catch (StateConflictException e) { stop(e.getMessage()); }
 * }</pre>
 */
public final class StateConflictException extends IllegalStateException {

    public StateConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
