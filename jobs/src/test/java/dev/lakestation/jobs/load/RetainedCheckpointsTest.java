package dev.lakestation.jobs.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder layout Flink writes under {@code execution.checkpointing.dir}, built with real files. */
class RetainedCheckpointsTest {

    @TempDir
    Path root;

    @Test
    void latestIsTheNewestCheckpointWithMetadataAndKeepsItsMode() throws Exception {
        RetainedCheckpoints ck = new RetainedCheckpoints(root);
        assertThat(ck.latest()).isEmpty();
        checkpoint("continuous/aaaa/chk-3", 1_000);
        checkpoint("continuous/bbbb/chk-7", 2_000);
        Files.createDirectories(root.resolve("continuous/bbbb/chk-8")); // in progress: no _metadata yet
        Files.createDirectories(root.resolve("continuous/bbbb/shared"));

        assertThat(ck.latest()).hasValueSatisfying(c -> {
            assertThat(c.path()).isEqualTo(root.resolve("continuous/bbbb/chk-7"));
            assertThat(c.bounded()).isFalse();
            assertThat(c.jobId()).isEqualTo("bbbb");
            assertThat(c.number()).isEqualTo(7);
        });
        checkpoint("bounded/cccc/chk-1", 3_000);
        assertThat(ck.latest()).hasValueSatisfying(c -> assertThat(c.bounded()).isTrue());
    }

    @Test
    void earlierJobsGoOnlyOnceTheCurrentJobCompletedACheckpoint() throws Exception {
        RetainedCheckpoints ck = new RetainedCheckpoints(root);
        checkpoint("continuous/old/chk-4", 1_000);
        Files.createDirectories(root.resolve("continuous/new/chk-5")); // the restored job's first, not complete

        ck.deleteSupersededBy("new");
        assertThat(root.resolve("continuous/old/chk-4/_metadata")).exists();

        checkpoint("continuous/new/chk-5", 2_000);
        ck.deleteSupersededBy("new");
        assertThat(root.resolve("continuous/old")).doesNotExist();
        assertThat(ck.latest()).hasValueSatisfying(c -> assertThat(c.jobId()).isEqualTo("new"));

        ck.deleteAll();
        assertThat(root).doesNotExist();
        assertThat(ck.latest()).isEmpty();
    }

    /**
     * Flink's checkpoint cleaner may still be discarding a finished job's subsumed checkpoint while the load deletes
     * the retained ones: a second thread deletes the same files here, and every round must end with the tree gone.
     */
    @Test
    void deletingAllWhileSomethingElseDeletesTheSameFilesEndsWithNothingLeft() throws Exception {
        RetainedCheckpoints ck = new RetainedCheckpoints(root);
        for (int round = 0; round < 20; round++) {
            List<Path> files = new java.util.ArrayList<>();
            for (int c = 0; c < 20; c++) {
                Path chk = java.nio.file.Files.createDirectories(root.resolve("bounded/job-" + round + "/chk-" + c));
                for (int f = 0; f < 50; f++) {
                    files.add(java.nio.file.Files.writeString(chk.resolve("state-" + f), "x"));
                }
            }
            Thread cleaner = new Thread(() -> files.forEach(f -> f.toFile().delete()));
            cleaner.start();
            ck.deleteAll();
            cleaner.join();
            assertThat(root).as("round %d", round).doesNotExist();
        }
    }

    private void checkpoint(String rel, long mtime) throws Exception {
        Path meta = root.resolve(rel).resolve("_metadata");
        Files.createDirectories(meta.getParent());
        Files.write(meta, new byte[] {1});
        Files.setLastModifiedTime(meta, FileTime.fromMillis(mtime));
    }
}
