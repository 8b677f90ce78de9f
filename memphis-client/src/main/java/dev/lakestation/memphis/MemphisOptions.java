package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;
import io.nats.client.Options;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable connection settings, the memphis-py {@code connect(...)} arguments in Java. Serializable
 * so Flink sources and sinks can ship them to their tasks.
 *
 * <pre>{@code
 * MemphisOptions options = MemphisOptions.builder()
 *         .host("localhost")              // port defaults to 6666
 *         .username("root")
 *         .password("memphis")            // or .connectionToken("...")
 *         .build();
 * try (Memphis memphis = Memphis.connect(options)) { ... }
 * }</pre>
 *
 * <p>Authentication maps as the Memphis SDKs do: a connection token is sent as the NATS
 * {@code auth_token}; a password is sent with the NATS user {@code <username>$<accountId>}. The NATS
 * connection name is {@code <connectionId>::<username>}, so a Memphis broker counts the client as
 * native. {@link #toString()} never shows the token or password.
 */
@PublicEvolving
public final class MemphisOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Memphis' client port. */
    public static final int DEFAULT_PORT = 6666;

    private final String host;
    private final int port;
    private final String username;
    private final String connectionToken;
    private final String password;
    private final int accountId;
    private final boolean reconnect;
    private final int maxReconnects;
    private final Duration reconnectInterval;
    private final Duration timeout;
    private final Duration requestTimeout;
    private final String certFile;
    private final String keyFile;
    private final String caFile;
    private final ControlPlane controlPlane;
    private final String connectionName;
    private final boolean handlePoisonMessages;
    private final Duration publishAckTimeout;

    private MemphisOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.username = b.username;
        this.connectionToken = b.connectionToken;
        this.password = b.password;
        this.accountId = b.accountId;
        this.reconnect = b.reconnect;
        this.maxReconnects = b.maxReconnects;
        this.reconnectInterval = b.reconnectInterval;
        this.timeout = b.timeout;
        this.requestTimeout = b.requestTimeout;
        this.certFile = b.certFile;
        this.keyFile = b.keyFile;
        this.caFile = b.caFile;
        this.controlPlane = b.controlPlane;
        this.connectionName = b.connectionName;
        this.handlePoisonMessages = b.handlePoisonMessages;
        this.publishAckTimeout = b.publishAckTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder prefilled with these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.username = username;
        b.connectionToken = connectionToken;
        b.password = password;
        b.accountId = accountId;
        b.reconnect = reconnect;
        b.maxReconnects = maxReconnects;
        b.reconnectInterval = reconnectInterval;
        b.timeout = timeout;
        b.requestTimeout = requestTimeout;
        b.certFile = certFile;
        b.keyFile = keyFile;
        b.caFile = caFile;
        b.controlPlane = controlPlane;
        b.connectionName = connectionName;
        b.handlePoisonMessages = handlePoisonMessages;
        b.publishAckTimeout = publishAckTimeout;
        return b;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** {@code host:port}, as named in connection errors. */
    public String address() {
        return host + ":" + port;
    }

    public String username() {
        return username;
    }

    public int accountId() {
        return accountId;
    }

    public boolean hasConnectionToken() {
        return connectionToken != null;
    }

    public boolean hasPassword() {
        return password != null;
    }

    public boolean reconnect() {
        return reconnect;
    }

    /** As configured; see {@link #effectiveMaxReconnects()} for what the connection uses. */
    public int maxReconnects() {
        return maxReconnects;
    }

    /** The SDKs' clamp: 0 without reconnect, at most 9, -1 (forever) kept. */
    public int effectiveMaxReconnects() {
        if (!reconnect) {
            return 0;
        }
        return Math.min(maxReconnects, 9);
    }

    public Duration reconnectInterval() {
        return reconnectInterval;
    }

    /** Connect timeout (default 2 s). */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Timeout of one control request (default 20 s): a broker request (retried 5 times on timeouts) or
     * a JetStream API call (stream, consumer and key-value operations), which a loaded server with file
     * storage can take seconds to answer.
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** jnats JetStream options for this client's API calls: {@link #requestTimeout()} as their timeout. */
    public io.nats.client.JetStreamOptions jetStreamOptions() {
        return io.nats.client.JetStreamOptions.builder().requestTimeout(requestTimeout).build();
    }

    /** Whether TLS is on (mutual with a client certificate, or server-verified with the CA alone). */
    public boolean tls() {
        return certFile != null || caFile != null;
    }

    /** Whether a client certificate is presented (mutual TLS). */
    public boolean mutualTls() {
        return certFile != null;
    }

    public String certFile() {
        return certFile;
    }

    public String keyFile() {
        return keyFile;
    }

    public String caFile() {
        return caFile;
    }

    public ControlPlane controlPlane() {
        return controlPlane;
    }

    /** Explicit NATS connection name, or {@code null} for {@code <connectionId>::<username>}. */
    public String connectionName() {
        return connectionName;
    }

    /**
     * On the JetStream control plane: whether this client takes part in moving poison messages (max
     * deliveries exceeded) to dead-letter stations. Default true.
     */
    public boolean handlePoisonMessages() {
        return handlePoisonMessages;
    }

    /**
     * Longest wait for a publish acknowledgement (default 15 s, the Go SDK's ack wait): an async
     * produce whose ack has not arrived by then fails with a timeout.
     */
    public Duration publishAckTimeout() {
        return publishAckTimeout;
    }

    /** {@code nats://host:port} or {@code tls://host:port}. */
    public String natsUrl() {
        return (tls() ? "tls://" : "nats://") + host + ":" + port;
    }

    /** jnats options for a new connection with a fresh connection id. */
    public Options toNatsOptions() {
        return toNatsOptions(java.util.UUID.randomUUID().toString());
    }

    /**
     * jnats options: server, connection name {@code <connectionId>::<username>} (unless overridden),
     * auth as the SDKs map it, reconnect settings after the SDK clamp, connect timeout and TLS.
     */
    public Options toNatsOptions(String connectionId) {
        return toNatsOptions(connectionId, new LoggingErrorListener(address()));
    }

    Options toNatsOptions(String connectionId, LoggingErrorListener errors) {
        Options.Builder b = new Options.Builder()
                .server(natsUrl())
                .connectionName(connectionName != null ? connectionName : connectionId + "::" + username)
                .connectionTimeout(timeout)
                .maxReconnects(effectiveMaxReconnects())
                .reconnectWait(reconnectInterval)
                .noRandomize()
                .requestCleanupInterval(publishAckTimeout)
                .useTimeoutException()
                .errorListener(errors)
                .connectionListener(errors);
        if (connectionToken != null) {
            b.token(connectionToken.toCharArray());
        } else {
            b.userInfo((username + "$" + accountId).toCharArray(), password.toCharArray());
        }
        if (tls()) {
            b.sslContext(PemSslContexts.create(certFile, keyFile, caFile));
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "MemphisOptions{host=" + host + ", port=" + port + ", username=" + username
                + ", auth=" + (connectionToken != null ? "connection-token" : "password")
                + ", accountId=" + accountId + ", reconnect=" + reconnect + ", maxReconnects=" + maxReconnects
                + ", reconnectInterval=" + reconnectInterval + ", timeout=" + timeout
                + ", tls=" + tls() + ", controlPlane=" + controlPlane
                + (connectionName != null ? ", connectionName=" + connectionName : "") + "}";
    }

    /** Builder; {@link #build()} checks the combination. */
    public static final class Builder {
        private String host = "localhost";
        private int port = DEFAULT_PORT;
        private String username;
        private String connectionToken;
        private String password;
        private int accountId = 1;
        private boolean reconnect = true;
        private int maxReconnects = -1;
        private Duration reconnectInterval = Duration.ofSeconds(1);
        private Duration timeout = Duration.ofSeconds(2);
        private Duration requestTimeout = Duration.ofSeconds(20);
        private String certFile;
        private String keyFile;
        private String caFile;
        private ControlPlane controlPlane = ControlPlane.AUTO;
        private String connectionName;
        private boolean handlePoisonMessages = true;
        private Duration publishAckTimeout = Duration.ofSeconds(15);

        private Builder() {}

        /** See {@link MemphisOptions#publishAckTimeout()}. */
        public Builder publishAckTimeout(Duration publishAckTimeout) {
            this.publishAckTimeout = Objects.requireNonNull(publishAckTimeout);
            return this;
        }

        /** Broker host name or address; a {@code nats://} or {@code tls://} prefix is ignored. */
        public Builder host(String host) {
            String h = Objects.requireNonNull(host, "host");
            int i = h.indexOf("://");
            this.host = i >= 0 ? h.substring(i + 3) : h;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /** Connection-token authentication (exclusive with {@link #password}). */
        public Builder connectionToken(String connectionToken) {
            this.connectionToken = connectionToken;
            return this;
        }

        /** Password authentication (exclusive with {@link #connectionToken}). */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Account of a password user (default 1): NATS user is {@code <username>$<accountId>}. */
        public Builder accountId(int accountId) {
            this.accountId = accountId;
            return this;
        }

        public Builder reconnect(boolean reconnect) {
            this.reconnect = reconnect;
            return this;
        }

        /** -1 = forever (default); values above 9 are clamped to 9 as the SDKs do. */
        public Builder maxReconnects(int maxReconnects) {
            this.maxReconnects = maxReconnects;
            return this;
        }

        public Builder reconnectInterval(Duration reconnectInterval) {
            this.reconnectInterval = Objects.requireNonNull(reconnectInterval);
            return this;
        }

        /** Connect timeout (default 2 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Timeout of one control request: broker request or JetStream API call (default 20 s). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout);
            return this;
        }

        /**
         * Mutual TLS from PEM files: client certificate, its PKCS#8 (or PKCS#1 RSA) key, and the CA
         * that signed the server. All three are required, as in the SDKs.
         */
        public Builder tls(String certFile, String keyFile, String caFile) {
            this.certFile = certFile;
            this.keyFile = keyFile;
            this.caFile = caFile;
            return this;
        }

        /**
         * TLS that verifies the server against this CA (PEM) without a client certificate, for
         * servers that do not ask for one. A server that requires mutual TLS refuses it: use
         * {@link #tls(String, String, String)} there.
         */
        public Builder tls(String caFile) {
            this.certFile = null;
            this.keyFile = null;
            this.caFile = Objects.requireNonNull(caFile, "caFile");
            return this;
        }

        public Builder controlPlane(ControlPlane controlPlane) {
            this.controlPlane = Objects.requireNonNull(controlPlane);
            return this;
        }

        /** Overrides the NATS connection name (default {@code <connectionId>::<username>}). */
        public Builder connectionName(String connectionName) {
            this.connectionName = connectionName;
            return this;
        }

        /** See {@link MemphisOptions#handlePoisonMessages()}. */
        public Builder handlePoisonMessages(boolean handlePoisonMessages) {
            this.handlePoisonMessages = handlePoisonMessages;
            return this;
        }

        public MemphisOptions build() {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host is required");
            }
            if (port <= 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is out of range 1..65535");
            }
            if (username == null || username.isBlank()) {
                throw new IllegalArgumentException("username is required");
            }
            if ((connectionToken == null) == (password == null)) {
                throw new IllegalArgumentException("you have to connect with one of the following methods: "
                        + "connection token / password (exactly one)");
            }
            if (certFile != null || keyFile != null) {
                if (certFile == null || keyFile == null || caFile == null) {
                    throw new IllegalArgumentException("to use TLS please enter cert file, key file and ca file");
                }
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            return new MemphisOptions(this);
        }
    }
}
