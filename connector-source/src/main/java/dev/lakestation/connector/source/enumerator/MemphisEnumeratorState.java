package dev.lakestation.connector.source.enumerator;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.annotation.Internal;

/**
 * Checkpointed enumerator state: the split ids ({@code station#partition}) handed to readers. Their
 * positions and pending acks live in reader state; partitions not listed here are (re)discovered.
 */
@Internal
public final class MemphisEnumeratorState {
    private final Set<String> assignedSplitIds;

    public MemphisEnumeratorState(Set<String> assignedSplitIds) {
        this.assignedSplitIds = Collections.unmodifiableSet(new TreeSet<>(assignedSplitIds));
    }

    public Set<String> assignedSplitIds() {
        return assignedSplitIds;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemphisEnumeratorState
                && ((MemphisEnumeratorState) o).assignedSplitIds.equals(assignedSplitIds);
    }

    @Override
    public int hashCode() {
        return assignedSplitIds.hashCode();
    }

    @Override
    public String toString() {
        return "MemphisEnumeratorState" + assignedSplitIds;
    }
}
