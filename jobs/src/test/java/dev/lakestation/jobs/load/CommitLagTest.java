package dev.lakestation.jobs.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommitLagTest {

    @Test
    void aCompletionCommitsItsAndEarlierCheckpointsAndReportsTheirOldestRow() {
        CommitLag lag = new CommitLag();
        assertThat(lag.last()).isEqualTo(-1);
        assertThat(lag.max()).isEqualTo(-1);

        lag.row(1_000);
        lag.row(900);
        lag.snapshot(1);
        lag.row(1_500);
        lag.snapshot(2);
        lag.completed(1, 2_000); // checkpoint 1 only: its oldest row was stored at 900
        assertThat(lag.last()).isEqualTo(1_100);

        lag.row(2_100);
        lag.snapshot(3);
        lag.completed(3, 2_600); // 2 (aborted or late) and 3 are committed together: oldest 1_500
        assertThat(lag.last()).isEqualTo(1_100);
        assertThat(lag.max()).isEqualTo(1_100);

        lag.row(2_700);
        lag.snapshot(4);
        lag.completed(4, 2_900);
        assertThat(lag.last()).isEqualTo(200);
        assertThat(lag.max()).isEqualTo(1_100);
    }

    @Test
    void checkpointsWithoutRowsLeaveTheLastValue() {
        CommitLag lag = new CommitLag();
        lag.row(100);
        lag.snapshot(1);
        lag.completed(1, 400);
        lag.snapshot(2);
        lag.completed(2, 9_000);
        lag.row(8_000); // routed after snapshot 2: not in its files
        lag.completed(3, 9_500); // no snapshot of 3 seen here (yet): nothing committed
        assertThat(lag.last()).isEqualTo(300);
        assertThat(lag.max()).isEqualTo(300);
    }

    @Test
    void everyRowOfASmallCheckpointIsInTheDistributionWhenItsCheckpointCompletes() {
        java.util.List<Long> lags = new java.util.ArrayList<>();
        CommitLag lag = new CommitLag(lags::add);
        lag.row(100);
        lag.row(300);
        lag.snapshot(1);
        lag.row(600);
        assertThat(lags).isEmpty();
        lag.completed(1, 1_000);
        assertThat(lags).containsExactly(900L, 700L); // the row after snapshot 1 waits for checkpoint 2
        lag.snapshot(2);
        lag.completed(2, 1_100);
        assertThat(lags).containsExactly(900L, 700L, 500L);
    }

    @Test
    void aLargeCheckpointContributesAUniformSampleOfBoundedSize() {
        java.util.List<Long> lags = new java.util.ArrayList<>();
        CommitLag lag = new CommitLag(lags::add);
        int rows = 100_000;
        for (int t = 0; t < rows; t++) {
            lag.row(t);
        }
        lag.snapshot(1);
        lag.completed(1, rows);
        assertThat(lags).hasSize(CommitLag.SAMPLES_PER_CHECKPOINT)
                .allSatisfy(l -> assertThat(l).isBetween(1L, (long) rows));
        // lags are uniform on 1..100,000: the sample's mean is near 50,000 (its standard error is ~1,800)
        double mean = lags.stream().mapToLong(Long::longValue).average().orElseThrow();
        assertThat(mean).isBetween(40_000.0, 60_000.0);
        assertThat(lag.last()).isEqualTo(rows); // the oldest row is still exact, sampled or not
    }
}
