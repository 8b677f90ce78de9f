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
}
