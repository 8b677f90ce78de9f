package dev.lakestation.jobs.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.jobs.load.format.FormatSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a splittable file is cut into byte ranges for the parallel readers. */
class LoadSplitsTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void aBigFileIsCutIntoEqualRangesAMultipleOfTheParallelism() {
        long size = 209_000_000; // the load benchmark's file: 6.2 split sizes of 32 MiB
        LoadSplits two = new LoadSplits(null, LoadSplits.DEFAULT_SPLIT_SIZE, 2);
        assertThat(two.range(size)).isEqualTo(26_125_000);                 // 8 ranges, 4 per reader
        LoadSplits one = new LoadSplits(null, LoadSplits.DEFAULT_SPLIT_SIZE, 1);
        assertThat(one.range(size)).isEqualTo((size + 6) / 7);              // 7 ranges, none above 32 MiB
        assertThat(one.range(size)).isLessThanOrEqualTo(LoadSplits.DEFAULT_SPLIT_SIZE);
    }

    @Test
    void aMidSizeFileGetsOneRangePerReaderAndASmallOneStaysWhole() {
        LoadSplits three = new LoadSplits(null, LoadSplits.DEFAULT_SPLIT_SIZE, 3);
        assertThat(three.range(30 * MIB)).isEqualTo(10 * MIB);
        assertThat(three.range(2 * MIB)).isEqualTo(LoadSplits.MIN_RANGE); // never below the minimum range
    }

    @Test
    void theRangesCoverTheFileExactly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rows.csv");
        Files.write(file, new byte[(int) (5 * MIB + 123)]);
        FormatSpec spec = dev.lakestation.jobs.load.format.FormatTestSupport.dsv(",", true);
        List<FileSourceSplit> splits = List.copyOf(new LoadSplits(spec, 2 * MIB, 2).enumerateSplits(
                new org.apache.flink.core.fs.Path[] {new org.apache.flink.core.fs.Path(file.toUri())}, 1));
        assertThat(splits).hasSize(4);
        long next = 0;
        for (FileSourceSplit s : splits) {
            assertThat(s.offset()).isEqualTo(next);
            next += s.length();
        }
        assertThat(next).isEqualTo(Files.size(file));
    }
}
