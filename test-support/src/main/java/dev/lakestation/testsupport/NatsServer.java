package dev.lakestation.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code nats-server} process with JetStream, bound to a free loopback port, its store in a
 * temporary directory. Tests use it through {@link NatsServerExtension}; benchmarks use it directly.
 *
 * <pre>{@code
 * try (NatsServer server = NatsServer.builder().userPassword("root$1", "secret").build().start()) {
 *     Connection nc = Nats.connect(server.natsUrl());
 * }
 * }</pre>
 *
 * <p>The binary is taken from {@code $NATS_SERVER}, then {@code PATH}, then {@code /usr/sbin} and
 * {@code /usr/bin} (where the Debian package installs it).
 */
public final class NatsServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Builder spec;
    private final Path workDir;
    private final Path storeDir;
    private final Path logFile;
    private final int port;
    private Process process;
    private int killed;

    private NatsServer(Builder spec) {
        this.spec = spec;
        try {
            this.workDir = Files.createTempDirectory("nats-server-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.storeDir = workDir.resolve("jetstream");
        this.logFile = workDir.resolve("nats-server.log");
        this.port = spec.port > 0 ? spec.port : freePort();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the server (or starts it again after {@link #stop()}, same port and store). */
    public synchronized NatsServer start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        try {
            Path conf = workDir.resolve("nats-server.conf");
            Files.writeString(conf, config(), StandardCharsets.UTF_8);
            Files.deleteIfExists(logFile);
            process = new ProcessBuilder(binary(), "-c", conf.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
            awaitReady();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start nats-server: " + e.getMessage(), e);
        }
    }

    /** Stops the server gracefully, keeping its JetStream store so {@link #start()} resumes it. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /**
     * Kills the server with SIGKILL (no clean shutdown: JetStream state not yet flushed is lost, as in
     * a crash); {@link #start()} brings it back on the same port with the same store. Returns the pid
     * that was killed.
     */
    public synchronized long kill() {
        if (process == null) {
            throw new IllegalStateException("nats-server is not running");
        }
        long pid = process.pid();
        // Process.destroyForcibly is SIGKILL on Unix
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("nats-server " + pid + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing nats-server", e);
        }
        if (process.exitValue() != 137 && process.exitValue() != 9 + 128) {
            throw new IllegalStateException("nats-server " + pid + " exited with " + process.exitValue() + ", not by SIGKILL");
        }
        killed++;
        process = null;
        awaitPortFree();
        return pid;
    }

    /** SIGKILL, then start again on the same port with the same store once the port is free (a broker crash). */
    public void killAndRestart() {
        kill();
        start();
    }

    /** How many times {@link #kill()} killed this server. */
    public synchronized int kills() {
        return killed;
    }

    /** Pid of the running server process, or -1. */
    public synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    /** Stops and starts again on the same port with the same store (a broker restart). */
    public void restart() {
        stop();
        awaitPortFree();
        start();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
        deleteRecursively(workDir);
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** {@code nats://127.0.0.1:port} (or {@code tls://} when TLS is on). */
    public String natsUrl() {
        return (spec.certificates != null ? "tls://" : "nats://") + host() + ":" + port;
    }

    public Path storeDir() {
        return storeDir;
    }

    public Path workDir() {
        return workDir;
    }

    /** The TLS material this server uses, or null without TLS. */
    public TestCertificates certificates() {
        return spec.certificates;
    }

    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile) : "";
        } catch (IOException e) {
            return "<log unreadable: " + e + ">";
        }
    }

    private String config() {
        StringBuilder c = new StringBuilder();
        c.append("listen: ").append(host()).append(':').append(port).append('\n');
        c.append("server_name: lakestation_test_").append(port).append('\n');
        c.append("jetstream {\n  store_dir: ").append(quote(storeDir.toString())).append('\n');
        c.append("  max_memory_store: 512MB\n  max_file_store: 4GB\n}\n");
        if (spec.maxPayload > 0) {
            c.append("max_payload: ").append(spec.maxPayload).append('\n');
        }
        if (spec.token != null) {
            c.append("authorization {\n  token: ").append(quote(spec.token)).append("\n}\n");
        } else if (!spec.users.isEmpty()) {
            c.append("authorization {\n  users: [\n");
            for (String[] u : spec.users) {
                c.append("    {user: ").append(quote(u[0])).append(", password: ").append(quote(u[1])).append("}\n");
            }
            c.append("  ]\n}\n");
        }
        if (spec.certificates != null) {
            TestCertificates t = spec.certificates;
            c.append("tls {\n");
            c.append("  cert_file: ").append(quote(t.serverCert().toString())).append('\n');
            c.append("  key_file: ").append(quote(t.serverKey().toString())).append('\n');
            c.append("  ca_file: ").append(quote(t.caCert().toString())).append('\n');
            c.append("  verify: ").append(spec.verifyClients).append('\n');
            c.append("  timeout: 5\n}\n");
        }
        if (spec.extraConfig != null) {
            c.append(spec.extraConfig).append('\n');
        }
        return c.toString();
    }

    private static String quote(String s) {
        // Quoted strings are literal in nats-server config: '$' is not a variable reference inside them.
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nats-server exited with " + process.exitValue() + ":\n" + log());
            }
            if (log().contains("Server is ready") && canConnect()) {
                return;
            }
            pause();
        }
        throw new IllegalStateException("nats-server not ready after " + START_TIMEOUT + ":\n" + log());
    }

    private void awaitPortFree() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(host(), port));
                return;
            } catch (IOException busy) {
                pause();
            }
        }
    }

    private boolean canConnect() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause() {
        // Polling interval of a readiness wait with a deadline, not synchronisation by sleeping.
        try {
            TimeUnit.MILLISECONDS.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String binary() {
        List<String> candidates = new ArrayList<>();
        String env = System.getenv("NATS_SERVER");
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        for (String dir : Objects.requireNonNullElse(System.getenv("PATH"), "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(dir + "/nats-server");
            }
        }
        candidates.add("/usr/sbin/nats-server");
        candidates.add("/usr/bin/nats-server");
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        throw new IllegalStateException(
                "nats-server not found (set NATS_SERVER or install it: apt-get install nats-server)");
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp dir clean-up is best effort
        }
    }

    /** Server configuration. */
    public static final class Builder {
        private int port;
        private String token;
        private final List<String[]> users = new ArrayList<>();
        private TestCertificates certificates;
        private boolean verifyClients;
        private int maxPayload;
        private String extraConfig;

        /** A fixed port instead of a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Token authentication ({@code authorization.token}). */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** Adds a user (Memphis password mode uses {@code <username>$<accountId>} as the NATS user). */
        public Builder userPassword(String user, String password) {
            users.add(new String[] {user, password});
            return this;
        }

        /** TLS with freshly generated certificates; {@code verifyClients} demands a client certificate (mutual TLS). */
        public Builder tls(TestCertificates certificates, boolean verifyClients) {
            this.certificates = certificates;
            this.verifyClients = verifyClients;
            return this;
        }

        /** The server's max_payload in bytes (default 1 MiB). */
        public Builder maxPayload(int bytes) {
            this.maxPayload = bytes;
            return this;
        }

        /** Raw lines appended to the generated config. */
        public Builder extraConfig(String config) {
            this.extraConfig = config;
            return this;
        }

        public NatsServer build() {
            return new NatsServer(this);
        }
    }
}
