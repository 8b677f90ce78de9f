package dev.lakestation.connector.source.split;

import org.apache.flink.annotation.Internal;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * A set of JetStream stream sequences stored as closed ranges {@code [from, to]}. Emitted sequences
 * arrive almost always in order, so the set of emitted-but-unacked messages of a partition stays a
 * handful of ranges even with hundreds of thousands of members. Not thread-safe.
 */
@Internal
public final class SequenceRanges {
    /** from → to, ranges are disjoint and never adjacent. */
    private final TreeMap<Long, Long> ranges = new TreeMap<>();
    private long size;

    public SequenceRanges() {}

    public SequenceRanges(SequenceRanges other) {
        ranges.putAll(other.ranges);
        size = other.size;
    }

    /** Adds one sequence; returns false when it was already present. */
    public boolean add(long seq) {
        // Hot path: emitted sequences mostly extend the last range by one.
        Map.Entry<Long, Long> last = ranges.lastEntry();
        if (last != null && last.getValue() == seq - 1) {
            ranges.put(last.getKey(), seq);
            size++;
            return true;
        }
        Map.Entry<Long, Long> floor = ranges.floorEntry(seq);
        if (floor != null && floor.getValue() >= seq) {
            return false;
        }
        boolean joinsLeft = floor != null && floor.getValue() == seq - 1;
        Long nextFrom = ranges.higherKey(seq);
        boolean joinsRight = nextFrom != null && nextFrom == seq + 1;
        if (joinsLeft && joinsRight) {
            ranges.put(floor.getKey(), ranges.remove(nextFrom));
        } else if (joinsLeft) {
            ranges.put(floor.getKey(), seq);
        } else if (joinsRight) {
            ranges.put(seq, ranges.remove(nextFrom));
        } else {
            ranges.put(seq, seq);
        }
        size++;
        return true;
    }

    /** Adds the closed range {@code [from, to]}. */
    public void addRange(long from, long to) {
        for (long s = from; s <= to; s++) {
            add(s);
        }
    }

    /** Removes one sequence; returns false when it was absent. */
    public boolean remove(long seq) {
        Map.Entry<Long, Long> floor = ranges.floorEntry(seq);
        if (floor == null || floor.getValue() < seq) {
            return false;
        }
        long from = floor.getKey();
        long to = floor.getValue();
        ranges.remove(from);
        if (from < seq) {
            ranges.put(from, seq - 1);
        }
        if (seq < to) {
            ranges.put(seq + 1, to);
        }
        size--;
        return true;
    }

    /** Removes every member in {@code [from, to]}; returns how many were removed. */
    public long removeRange(long from, long to) {
        if (to < from || ranges.isEmpty()) {
            return 0;
        }
        long removed = 0;
        Map.Entry<Long, Long> e = ranges.floorEntry(from);
        if (e == null || e.getValue() < from) {
            e = ranges.ceilingEntry(from);
        }
        while (e != null && e.getKey() <= to) {
            long rFrom = e.getKey();
            long rTo = e.getValue();
            ranges.remove(rFrom);
            long cutFrom = Math.max(rFrom, from);
            long cutTo = Math.min(rTo, to);
            removed += cutTo - cutFrom + 1;
            if (rFrom < cutFrom) {
                ranges.put(rFrom, cutFrom - 1);
            }
            if (cutTo < rTo) {
                ranges.put(cutTo + 1, rTo);
            }
            e = ranges.higherEntry(cutTo);
        }
        size -= removed;
        return removed;
    }

    public boolean contains(long seq) {
        Map.Entry<Long, Long> floor = ranges.floorEntry(seq);
        return floor != null && floor.getValue() >= seq;
    }

    /** Last member of the range holding {@code seq}, or -1 when {@code seq} is absent. */
    public long rangeEnd(long seq) {
        Map.Entry<Long, Long> floor = ranges.floorEntry(seq);
        return floor != null && floor.getValue() >= seq ? floor.getValue() : -1;
    }

    public long size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int rangeCount() {
        return ranges.size();
    }

    /** Smallest member, or -1 when empty. */
    public long first() {
        return ranges.isEmpty() ? -1 : ranges.firstKey();
    }

    /** Largest member, or -1 when empty. */
    public long last() {
        return ranges.isEmpty() ? -1 : ranges.lastEntry().getValue();
    }

    public void forEach(LongConsumer action) {
        for (Map.Entry<Long, Long> r : ranges.entrySet()) {
            for (long s = r.getKey(); s <= r.getValue(); s++) {
                action.accept(s);
            }
        }
    }

    public void write(DataOutput out) throws IOException {
        out.writeInt(ranges.size());
        for (Map.Entry<Long, Long> r : ranges.entrySet()) {
            out.writeLong(r.getKey());
            out.writeLong(r.getValue());
        }
    }

    public static SequenceRanges read(DataInput in) throws IOException {
        SequenceRanges set = new SequenceRanges();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            long from = in.readLong();
            long to = in.readLong();
            if (to < from) {
                throw new IOException("corrupt sequence range [" + from + ", " + to + "]");
            }
            set.ranges.put(from, to);
            set.size += to - from + 1;
        }
        return set;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequenceRanges && ((SequenceRanges) o).ranges.equals(ranges);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (Map.Entry<Long, Long> r : ranges.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(r.getKey());
            if (!r.getValue().equals(r.getKey())) {
                sb.append('-').append(r.getValue());
            }
        }
        return sb.append(']').toString();
    }
}
