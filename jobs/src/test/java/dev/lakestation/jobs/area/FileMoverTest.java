package dev.lakestation.jobs.area;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.lakestation.jobs.area.AreaFixtures.names;
import static dev.lakestation.jobs.area.AreaFixtures.read;
import static dev.lakestation.jobs.area.AreaFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link FileMover}: never overwrites, on the hard-link path and on the copy path used across filesystems. */
class FileMoverTest {
    @TempDir
    Path dir;

    @Test
    void aMoveNeverReplacesAnExistingFile() throws IOException {
        Path src = write(dir.resolve("a/x.csv"), "new".getBytes());
        Path dst = write(dir.resolve("b/x.csv"), "old".getBytes());
        assertThat(FileMover.moveNoReplace(src, dst)).isFalse();
        assertThat(read(src)).isEqualTo("new");
        assertThat(read(dst)).isEqualTo("old");
        Path free = dir.resolve("c/x.csv");
        assertThat(FileMover.moveNoReplace(src, free)).isTrue();
        assertThat(src).doesNotExist();
        assertThat(read(free)).isEqualTo("new");
    }

    /** The path taken when source and target are on different filesystems (hard links impossible). */
    @Test
    void theCopyPathKeepsContentAndTimeAndLeavesNoTemporaryFile() throws IOException {
        Path src = write(dir.resolve("a/x.csv"), "data".getBytes());
        AreaFixtures.mtime(src, 1_234);
        Path dst = dir.resolve("b/x.csv");
        assertThat(FileMover.copyThenDelete(src, dst)).isTrue();
        assertThat(read(dst)).isEqualTo("data");
        assertThat(Files.getLastModifiedTime(dst).toMillis()).isEqualTo(1_234_000L);
        assertThat(src).doesNotExist();
        assertThat(names(dir.resolve("b"))).containsExactly("x.csv");

        Path again = write(dir.resolve("a/x.csv"), "other".getBytes());
        assertThat(FileMover.copyThenDelete(again, dst)).isFalse();
        assertThat(read(dst)).isEqualTo("data");
        assertThat(read(again)).isEqualTo("other");
        assertThat(names(dir.resolve("b"))).containsExactly("x.csv");
    }

    @Test
    void keepingBothNumbersTheNewcomer() throws IOException {
        write(dir.resolve("arch/x.csv"), "1".getBytes());
        write(dir.resolve("arch/x.csv.1"), "2".getBytes());
        Path moved = FileMover.moveKeepingBoth(write(dir.resolve("x.csv"), "3".getBytes()), dir.resolve("arch"));
        assertThat(moved).isEqualTo(dir.resolve("arch/x.csv.2"));
        assertThat(read(moved)).isEqualTo("3");
    }
}
