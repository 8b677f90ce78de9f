package dev.lakestation.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the table says about where it ran. */
final class Machine {
    private Machine() {}

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    static String cpu() {
        String model = "?";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the core count below still says something
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + model;
    }

    static String commandLine() {
        return ProcessHandle.current().info().commandLine().orElse("java -jar benchmarks/target/benchmarks.jar ...");
    }
}
