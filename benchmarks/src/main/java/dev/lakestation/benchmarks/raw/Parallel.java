package dev.lakestation.benchmarks.raw;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Splits a run over threads: message ranges, and which partitions each thread owns. */
public final class Parallel {
    private Parallel() {}

    /** The work of one thread over messages [from, to). */
    @FunctionalInterface
    public interface Slice {
        void run(int thread, int from, int to) throws Exception;
    }

    /** Runs {@code threads} slices of {@code messages} and waits for all; the first failure is rethrown. */
    public static void run(int threads, int messages, Slice slice) throws Exception {
        if (threads == 1) {
            slice.run(0, 0, messages);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int thread = t;
                final int from = (int) ((long) messages * t / threads);
                final int to = (int) ((long) messages * (t + 1) / threads);
                futures.add(pool.submit(() -> {
                    slice.run(thread, from, to);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Partitions (1-based) owned by {@code thread}: p where (p-1) % threads == thread; all of them with one partition. */
    public static int[] partitionsOf(int thread, int threads, int partitions) {
        if (partitions == 1) {
            return new int[] {1};
        }
        List<Integer> mine = new ArrayList<>();
        for (int p = 1; p <= partitions; p++) {
            if ((p - 1) % threads == thread) {
                mine.add(p);
            }
        }
        return mine.stream().mapToInt(Integer::intValue).toArray();
    }
}
