package dev.lakestation.jobs.area;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakestation.jobs.table.ChildProcess;
import dev.lakestation.jobs.table.CommitResult;
import dev.lakestation.jobs.table.TableStore;
import dev.lakestation.jobs.table.TableTransaction;
import dev.lakestation.jobs.table.WriteMode;
import dev.lakestation.testsupport.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableLockTest {
    @TempDir
    Path datasets;

    Path locks() {
        return datasets.resolve("locks");
    }

    @Test
    void starlakesLockFileHoldsTheHolder() throws Exception {
        try (TableLock lock = TableLock.acquire(locks(), "sales", "orders", "run-1", Duration.ZERO)) {
            assertThat(lock.file()).isEqualTo(locks().resolve("sales_orders.lock").toAbsolutePath());
            assertThat(Files.readString(lock.file()))
                    .startsWith("run run-1 (pid " + ProcessHandle.current().pid() + ") since ");
        }
    }

    @Test
    void aSecondHolderTimesOutNamingTheFirst() {
        try (TableLock first = TableLock.acquire(locks(), "sales", "orders", "run-1", Duration.ZERO)) {
            assertThatThrownBy(() -> TableLock.acquire(locks(), "sales", "orders", "run-2", Duration.ofMillis(100)))
                    .isInstanceOf(TableLock.TableLockedException.class)
                    .hasMessageStartingWith("table sales.orders is being loaded by run run-1 (pid "
                            + ProcessHandle.current().pid() + ") since ")
                    .hasMessageContaining("gave up after waiting PT0.1S");
        }
        TableLock.acquire(locks(), "sales", "orders", "run-3", Duration.ZERO).close();
    }

    @Test
    void twoTransactionsAtOnceTheSecondWaitsThenProceedsOnTheFirstsVersion() throws Exception {
        TableStore store = TableStore.of(datasets);
        TableTransaction first = store.begin("sales", "orders", "run-1", Duration.ZERO);
        Files.writeString(first.stagingDir().resolve("a.parquet"), "not really parquet, the commit only moves it");
        AtomicReference<Thread> waiter = new AtomicReference<>();
        CompletableFuture<CommitResult> second = CompletableFuture.supplyAsync(() -> {
            waiter.set(Thread.currentThread());
            try (TableTransaction tx = store.begin("sales", "orders", "run-2", Duration.ofSeconds(60))) {
                assertThat(tx.currentVersion().orElseThrow().runId()).isEqualTo("run-1"); // no lost update
                return tx.commit(WriteMode.APPEND);
            }
        });
        Await.until(Duration.ofSeconds(30), "the second transaction waiting for the lock",
                () -> waiter.get() != null && waiter.get().getState() == Thread.State.TIMED_WAITING);
        assertThat(second).isNotDone();
        first.commit(WriteMode.APPEND);
        first.close();
        CommitResult r = second.get(30, TimeUnit.SECONDS);
        assertThat(r.version()).isEqualTo(2);
        assertThat(r.files()).isEqualTo(1);
    }

    @Test
    void aSigkilledHolderLeavesNoStaleLock() throws Exception {
        try (ChildProcess child = ChildProcess.start("lock", locks(), "child-run")) {
            assertThatThrownBy(() -> TableLock.acquire(locks(), "sales", "orders", "me", Duration.ofMillis(200)))
                    .hasMessageStartingWith("table sales.orders is being loaded by run child-run (pid " + child.pid()
                            + ") since ");
            child.kill();
        }
        try (TableLock lock = TableLock.acquire(locks(), "sales", "orders", "me", Duration.ofSeconds(10))) {
            assertThat(Files.readString(lock.file())).startsWith("run me ");
        }
    }
}
