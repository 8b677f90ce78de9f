package dev.lakestation.jobs.area;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

    @TempDir
    Path tmp;

    @Test
    void deletesTheTreeAndItsLinksButNotWhatTheLinksPointTo() throws Exception {
        Path keep = Files.createDirectories(tmp.resolve("keep"));
        Files.writeString(keep.resolve("data.parquet"), "x");
        Path tree = Files.createDirectories(tmp.resolve("tree/a/b"));
        Files.writeString(tree.resolve("f.txt"), "y");
        Files.createSymbolicLink(tmp.resolve("tree/current"), keep);
        Files.createSymbolicLink(tmp.resolve("tree/dangling"), tmp.resolve("nowhere"));

        FileTrees.delete(tmp.resolve("tree"));

        assertThat(tmp.resolve("tree")).doesNotExist();
        assertThat(keep.resolve("data.parquet")).hasContent("x");
    }

    @Test
    void aDanglingLinkItselfIsDeletedAndAnAbsentPathIsNothingToDo() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("gone"));
        FileTrees.delete(link);
        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isFalse();

        FileTrees.delete(tmp.resolve("absent"));
        FileTrees.deleteQuietly(null);
        assertThat(tmp).isEmptyDirectory();
    }
}
