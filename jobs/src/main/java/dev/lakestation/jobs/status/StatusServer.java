package dev.lakestation.jobs.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The coordinator's read-only status page, on the JDK's HTTP server: {@code /} (HTML and a small script, no build
 * toolchain), {@code /api/status} (the status as JSON) and {@code /api/dag} (the project's Mermaid graph with run
 * states as node classes). Nothing here changes state: every method but GET and HEAD is refused.
 *
 * <p>With a token, every API request must carry it ({@code Authorization: Bearer <token>}; the page opened with
 * {@code ?token=} sends it so). The page and its scripts hold no project data and are served to anyone. A non-loopback address needs {@link StatusServerOptions} to allow it,
 * and a token.
 *
 * <pre>{@code
 * try (StatusServer http = StatusServer.start(StatusServerOptions.parse("127.0.0.1:8088", false, null), source)) {
 *     System.out.println("status page: " + http.uri());
 * }
 * }</pre>
 */
public final class StatusServer implements AutoCloseable {

    private static final String RESOURCES = "/dev/lakestation/jobs/status/";
    private static final String MERMAID = "/META-INF/resources/webjars/mermaid/11.14.0/dist/mermaid.min.js";
    private static final Map<String, String[]> STATIC = Map.of(
            "/", new String[] {RESOURCES + "index.html", "text/html; charset=utf-8"},
            "/status.js", new String[] {RESOURCES + "status.js", "text/javascript; charset=utf-8"},
            "/status.css", new String[] {RESOURCES + "status.css", "text/css; charset=utf-8"},
            "/mermaid.min.js", new String[] {MERMAID, "text/javascript; charset=utf-8"});

    private final HttpServer server;
    private final ExecutorService executor;
    private final StatusSource source;
    private final byte[] token;

    private StatusServer(HttpServer server, ExecutorService executor, StatusSource source, String token) {
        this.server = server;
        this.executor = executor;
        this.source = source;
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** Binds and starts serving; {@link #close()} stops. */
    public static StatusServer start(StatusServerOptions options, StatusSource source) throws IOException {
        HttpServer server = HttpServer.create(options.address(), 16);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "lakestation-status-http");
            t.setDaemon(true);
            return t;
        });
        StatusServer s = new StatusServer(server, executor, source, options.token());
        server.createContext("/", s::handle);
        server.setExecutor(executor);
        server.start();
        return s;
    }

    /** The page's address (the bound port when 0 was asked). */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            var h = ex.getResponseHeaders();
            h.set("X-Content-Type-Options", "nosniff");
            h.set("Referrer-Policy", "no-referrer");
            h.set("Cache-Control", "no-store");
            // Mermaid sets inline styles on the SVG it draws; scripts only from this server
            h.set("Content-Security-Policy", "default-src 'none'; script-src 'self'; connect-src 'self'; "
                    + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:");
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                h.set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain; charset=utf-8", "read-only: GET or HEAD\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = ex.getRequestURI().getPath();
            // the page and its scripts hold no project data: only the API needs the token
            if (path.startsWith("/api/") && !authorized(ex)) {
                send(ex, 401, "text/plain; charset=utf-8",
                        "a token is required: open the page with ?token=<token>\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            switch (path) {
                case "/api/status" -> send(ex, 200, "application/json; charset=utf-8",
                        source.statusJson().getBytes(StandardCharsets.UTF_8));
                case "/api/dag" -> send(ex, 200, "text/plain; charset=utf-8",
                        source.dagMermaid().getBytes(StandardCharsets.UTF_8));
                default -> {
                    String[] res = STATIC.get(path);
                    if (res == null) {
                        send(ex, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
                        return;
                    }
                    if (!path.equals("/")) {
                        h.set("Cache-Control", "max-age=3600");
                    }
                    send(ex, 200, res[1], resource(res[0]));
                }
            }
        } catch (RuntimeException e) {
            // the page shows the error; the coordinator goes on
            send(ex, 500, "text/plain; charset=utf-8", ("status unavailable: " + e.getMessage() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    private boolean authorized(HttpExchange ex) {
        if (token == null) {
            return true;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.startsWith("Bearer ") && same(auth.substring(7))) {
            return true;
        }
        String query = ex.getRequestURI().getRawQuery();
        if (query != null) {
            for (String kv : query.split("&")) {
                if (kv.startsWith("token=")
                        && same(URLDecoder.decode(kv.substring(6), StandardCharsets.UTF_8))) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean same(String candidate) {
        return MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8)); // constant time
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = StatusServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " (a broken build?)");
            }
            return in.readAllBytes();
        }
    }

    private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(code, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
