package dev.lakestation.jobs.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.schema.PrimitiveComparator;

/**
 * File pruning from Parquet footers: the min/max statistics of the first key column. A table file can hold a
 * key of the incoming batch only if its range overlaps an incoming file's range (or both hold null keys), so a
 * file whose range overlaps none is kept as it is, unread. Only footers are read. Correct whatever the data:
 * a file without statistics counts as overlapping everything.
 */
final class KeyRanges {
    /** [min, max] of one file's key column, or unknown (no statistics). */
    record Range(Object min, Object max, boolean hasNulls, PrimitiveComparator<Object> cmp, boolean unknown) {
        boolean overlaps(Range o) {
            if (unknown || o.unknown) {
                return true;
            }
            if (hasNulls && o.hasNulls) {
                return true;
            }
            if (min == null || o.min == null) {
                return false; // one side holds only null keys, the other none
            }
            return cmp.compare(min, o.max) <= 0 && cmp.compare(o.min, max) <= 0;
        }
    }

    private KeyRanges() {
    }

    /** The files of {@code table} that may hold a key of one of {@code incoming}. */
    static List<Path> overlapping(List<Path> table, List<Path> incoming, String column) {
        List<Range> in = new ArrayList<>();
        for (Path f : incoming) {
            in.add(range(f, column));
        }
        List<Path> out = new ArrayList<>();
        for (Path f : table) {
            Range r = range(f, column);
            if (in.stream().anyMatch(r::overlaps)) {
                out.add(f);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Range range(Path file, String column) {
        try (ParquetFileReader reader = ParquetFiles.open(file)) {
            Object min = null;
            Object max = null;
            boolean nulls = false;
            PrimitiveComparator<Object> cmp = null;
            for (BlockMetaData block : reader.getFooter().getBlocks()) {
                ColumnChunkMetaData chunk = block.getColumns().stream()
                        .filter(c -> c.getPath().size() == 1 && c.getPath().toArray()[0].equals(column))
                        .findFirst().orElse(null);
                if (chunk == null || block.getRowCount() == 0) {
                    if (chunk == null) {
                        return new Range(null, null, true, null, true);
                    }
                    continue;
                }
                Statistics<?> s = chunk.getStatistics();
                if (s == null || s.isEmpty() || !s.isNumNullsSet()) {
                    return new Range(null, null, true, null, true);
                }
                nulls |= s.getNumNulls() > 0;
                if (s.hasNonNullValue()) {
                    cmp = (PrimitiveComparator<Object>) s.comparator();
                    Object lo = s.genericGetMin();
                    Object hi = s.genericGetMax();
                    min = min == null || cmp.compare(lo, min) < 0 ? lo : min;
                    max = max == null || cmp.compare(hi, max) > 0 ? hi : max;
                }
            }
            return new Range(min, max, nulls, cmp, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the footer of " + file, e);
        }
    }
}
