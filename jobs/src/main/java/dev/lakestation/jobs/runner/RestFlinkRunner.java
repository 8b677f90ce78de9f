package dev.lakestation.jobs.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.ApplicationID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.rest.FileUpload;
import org.apache.flink.runtime.rest.RestClient;
import org.apache.flink.runtime.rest.messages.EmptyMessageParameters;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.webmonitor.handlers.JarListHeaders;
import org.apache.flink.runtime.webmonitor.handlers.JarListInfo;
import org.apache.flink.runtime.webmonitor.handlers.JarRunApplicationHeaders;
import org.apache.flink.runtime.webmonitor.handlers.JarRunApplicationMessageParameters;
import org.apache.flink.runtime.webmonitor.handlers.JarRunApplicationRequestBody;
import org.apache.flink.runtime.webmonitor.handlers.JarUploadHeaders;
import org.apache.flink.runtime.webmonitor.handlers.JarUploadResponseBody;

/**
 * Runs Lakestation commands on a remote Flink session cluster through its REST API, with Flink's own REST client
 * and message classes (multipart upload included).
 *
 * <p>What runs on the cluster: one {@code lakestation} command ({@code load ...}, {@code transform ...}) as a Flink
 * <em>application</em>. The jobs jar ({@code lakestation-jobs.jar}, Flink left out) is uploaded once per content
 * ({@code /jars/upload}, reused when {@code /jars} already lists it), and {@code /jars/:id/run-application} runs
 * its {@code ClusterMain} in the JobManager with the command's arguments: the command claims the files, submits its
 * Flink jobs to the cluster's TaskManagers, waits for them and commits the table, exactly as it does locally. So the
 * project root must be a path the JobManager and every TaskManager see (a shared filesystem).
 *
 * <p>Why an application and not {@code /jars/:id/run}: that endpoint runs the main method detached and allows one
 * {@code execute()}; a load needs the job's result to commit its table and may run a job per table.
 *
 * <p>Idempotence: the application id is derived from a key (the coordinator's run id, step and attempt), so a
 * coordinator that crashed after submitting cannot start the same run twice: Flink refuses the second submission
 * and this runner follows the application already there.
 *
 * <pre>{@code
 * try (RestFlinkRunner flink = RestFlinkRunner.connect(URI.create("http://flink-jobmanager:8081"),
 *         Path.of("lib/lakestation-jobs.jar"))) {
 *     ClusterApplication app = flink.submit("starbake.orders@2024-01-01T00:00|load|1",
 *             List.of("load", "--root", "/shared/project", "--domains", "starbake", "--tables", "orders"), 2);
 *     ClusterApplication.Result r = app.await(Duration.ofHours(1));   // cancelled at the timeout
 * }
 * }</pre>
 */
public final class RestFlinkRunner implements AutoCloseable {

    /** The entry class run on the cluster (a command's non-zero exit fails the application, never System.exit). */
    public static final String ENTRY_CLASS = "dev.lakestation.jobs.cli.ClusterMain";

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI url;
    private final Path jobsJar;
    private final RestClient client;
    private final ExecutorService executor;
    private String jarId;

    private RestFlinkRunner(URI url, Path jobsJar, RestClient client, ExecutorService executor) {
        this.url = url;
        this.jobsJar = jobsJar;
        this.client = client;
        this.executor = executor;
    }

    /**
     * A runner for the cluster whose REST endpoint is {@code url} ({@code http(s)://host:port}). HTTPS uses Flink's
     * {@code security.ssl.rest.*} settings from {@code $FLINK_CONF_DIR/config.yaml} when that variable is set.
     *
     * @param jobsJar the {@code lakestation-jobs.jar} to run there
     */
    public static RestFlinkRunner connect(URI url, Path jobsJar) {
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null
                || url.getPort() < 0) {
            throw new IllegalArgumentException("--flink: expected local or http(s)://host:port, got " + url);
        }
        if (!Files.isRegularFile(jobsJar)) {
            throw new IllegalArgumentException("the jobs jar to run on the cluster is missing: " + jobsJar
                    + " (build it with mvn -pl jobs -am package, or set LAKESTATION_JOBS_JAR)");
        }
        String confDir = System.getenv("FLINK_CONF_DIR");
        Configuration config = confDir == null ? new Configuration() : GlobalConfiguration.loadConfiguration(confDir);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "flink-rest-client");
            t.setDaemon(true);
            return t;
        });
        try {
            return new RestFlinkRunner(url, jobsJar, RestClient.forUrl(config, executor, url.toURL()), executor);
        } catch (Exception e) {
            executor.shutdownNow();
            throw new IllegalArgumentException("cannot create a REST client for " + url + ": " + e.getMessage(), e);
        }
    }

    /** The cluster's REST endpoint. */
    public URI url() {
        return url;
    }

    /**
     * The application id for {@code key}: the first 16 bytes of its SHA-256, so the same key always names the same
     * application on the cluster.
     */
    public static ApplicationID applicationId(String key) {
        byte[] d = sha256().digest(("lakestation-run:" + key).getBytes(StandardCharsets.UTF_8));
        return ApplicationID.fromByteArray(java.util.Arrays.copyOf(d, 16));
    }

    /**
     * Runs {@code args} (a {@code lakestation} command line) as an application on the cluster; returns once the
     * cluster accepted it. When an application with this key's id already exists (a resubmission), follows it.
     */
    public ClusterApplication submit(String key, List<String> args, int parallelism) throws IOException {
        ApplicationID id = applicationId(key);
        String jar = uploadedJar();
        JarRunApplicationRequestBody body = new JarRunApplicationRequestBody(ENTRY_CLASS, List.copyOf(args),
                parallelism, null, null, null, null, Map.of(), id);
        JarRunApplicationMessageParameters params = new JarRunApplicationMessageParameters();
        params.jarIdPathParameter.resolve(jar);
        try {
            ApplicationID accepted = call(client.sendRequest(url.getHost(), url.getPort(),
                    JarRunApplicationHeaders.getInstance(), params, body)).getApplicationId();
            return new ClusterApplication(this, accepted, false);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("DuplicateApplicationSubmission")
                    || String.valueOf(e.getMessage()).contains("already been submitted")) {
                return new ClusterApplication(this, id, true);
            }
            throw e;
        }
    }

    /** The application submitted under {@code key} (to follow it, or link to it from a status page). */
    public ClusterApplication application(String key) {
        return new ClusterApplication(this, applicationId(key), true);
    }

    /** The id of the jobs jar on the cluster, uploading it when {@code /jars} does not list it yet. */
    synchronized String uploadedJar() throws IOException {
        if (jarId != null) {
            return jarId;
        }
        String name = versionedName();
        JarListInfo list = call(client.sendRequest(url.getHost(), url.getPort(), JarListHeaders.getInstance(),
                EmptyMessageParameters.getInstance(), EmptyRequestBody.getInstance()));
        for (JarListInfo.JarFileInfo f : list.jarFileList) {
            if (name.equals(f.name)) {
                return jarId = f.id;
            }
        }
        Path dir = Files.createTempDirectory("lakestation-upload");
        Path named = dir.resolve(name);
        try {
            // the uploaded file's name is what /jars lists: name it after the content
            Files.createSymbolicLink(named, jobsJar.toAbsolutePath());
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(jobsJar, named);
        }
        try {
            JarUploadResponseBody r = call(client.sendRequest(url.getHost(), url.getPort(),
                    JarUploadHeaders.getInstance(), EmptyMessageParameters.getInstance(),
                    EmptyRequestBody.getInstance(), List.of(new FileUpload(named, "application/x-java-archive"))));
            String file = r.getFilename();
            return jarId = Path.of(file).getFileName().toString();
        } finally {
            Files.deleteIfExists(named);
            Files.deleteIfExists(dir);
        }
    }

    /** {@code lakestation-jobs-<sha256 prefix>.jar}: one upload per built jar, whatever its file name here. */
    String versionedName() {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(jobsJar)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jobsJar + ": " + e.getMessage(), e);
        }
        return "lakestation-jobs-" + HexFormat.of().formatHex(md.digest(), 0, 8) + ".jar";
    }

    RestClient client() {
        return client;
    }

    /** Waits for a REST call; a failure comes back as an IOException with Flink's error text. */
    <T> T call(java.util.concurrent.CompletableFuture<T> f) throws IOException {
        try {
            return f.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + url, e);
        } catch (TimeoutException e) {
            throw new IOException("no answer from " + url + " within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw new IOException(url + ": " + c.getMessage(), c);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.shutdown(Duration.ofSeconds(5));
        executor.shutdownNow();
    }
}
