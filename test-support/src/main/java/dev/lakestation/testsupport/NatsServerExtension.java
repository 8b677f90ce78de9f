package dev.lakestation.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: one real {@code nats-server} with JetStream per test class, on a free loopback
 * port with its store in a temp dir, stopped and deleted after the class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final NatsServerExtension NATS = NatsServerExtension.jetStream();
 *
 * @Test void produces() throws Exception {
 *     try (Connection nc = Nats.connect(NATS.natsUrl())) { ... }
 * }
 * }</pre>
 *
 * Variants: {@link #withUserPassword}, {@link #withToken}, {@link #withTls}, or {@link #of} for any
 * {@link NatsServer.Builder}.
 */
public final class NatsServerExtension implements BeforeAllCallback, AfterAllCallback {
    private final NatsServer.Builder builder;
    private NatsServer server;

    private NatsServerExtension(NatsServer.Builder builder) {
        this.builder = builder;
    }

    /** Plain JetStream server, no authentication. */
    public static NatsServerExtension jetStream() {
        return new NatsServerExtension(NatsServer.builder());
    }

    /** Users with passwords, e.g. {@code ("root$1", "secret")} for Memphis password mode, account 1. */
    public static NatsServerExtension withUserPassword(String user, String password) {
        return new NatsServerExtension(NatsServer.builder().userPassword(user, password));
    }

    /** Token authentication (Memphis connection-token mode). */
    public static NatsServerExtension withToken(String token) {
        return new NatsServerExtension(NatsServer.builder().token(token));
    }

    /** TLS with certificates generated for this test class; {@code mutual} requires client certificates. */
    public static NatsServerExtension withTls(boolean mutual) {
        return new NatsServerExtension(NatsServer.builder().tls(TestCertificates.generate(), mutual));
    }

    /** Any server configuration. */
    public static NatsServerExtension of(NatsServer.Builder builder) {
        return new NatsServerExtension(builder);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = builder.build().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public NatsServer server() {
        if (server == null) {
            throw new IllegalStateException("nats-server not started: register the extension as a static field");
        }
        return server;
    }

    public String natsUrl() {
        return server().natsUrl();
    }

    public String host() {
        return server().host();
    }

    public int port() {
        return server().port();
    }

    public TestCertificates certificates() {
        return server().certificates();
    }

    /** Broker crash: SIGKILL, then started again on the same port with the same JetStream store. */
    public void killAndRestart() {
        server().killAndRestart();
    }

    /** Broker restart: same port, same JetStream store. */
    public void restart() {
        server().restart();
    }
}
