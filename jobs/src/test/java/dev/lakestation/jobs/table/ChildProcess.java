package dev.lakestation.jobs.table;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A {@link ChildWriterMain} JVM on the test class path. */
public final class ChildProcess implements AutoCloseable {
    private final Process process;
    private final List<String> output = new ArrayList<>();

    private ChildProcess(Process process) {
        this.process = process;
    }

    /** Starts {@code ChildWriterMain mode dir runId} and waits (at most 60 s) for its READY line. */
    public static ChildProcess start(String mode, Path dir, String runId) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "-Dlog4j.configurationFile=log4j2-test.properties", ChildWriterMain.class.getName(), mode,
                dir.toString(), runId).redirectErrorStream(true).start();
        ChildProcess child = new ChildProcess(p);
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(child::awaitReady);
        try {
            if (!ready.get(60, TimeUnit.SECONDS)) {
                throw new AssertionError("child exited before READY: " + child.output);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            throw new AssertionError("child not READY within 60 s: " + child.output);
        }
        return child;
    }

    private boolean awaitReady() {
        BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                synchronized (output) {
                    output.add(line);
                }
                if (line.startsWith("READY")) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL on Linux; waits for the process to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("child " + pid() + " still alive 30 s after SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
