package dev.lakestation.benchmarks;

import java.util.Comparator;
import java.util.List;

/** The summary of one benchmark: its measured runs and the median one. */
public record ResultRow(String name, String config, String baseline, int messages, int size,
        List<RunResult> runs, String load) {
    public RunResult median() {
        List<RunResult> sorted = runs.stream().sorted(Comparator.comparingDouble(RunResult::msgsPerSecond)).toList();
        return sorted.get(sorted.size() / 2);
    }

    public double min() {
        return runs.stream().mapToDouble(RunResult::msgsPerSecond).min().orElse(0);
    }

    public double max() {
        return runs.stream().mapToDouble(RunResult::msgsPerSecond).max().orElse(0);
    }
}
