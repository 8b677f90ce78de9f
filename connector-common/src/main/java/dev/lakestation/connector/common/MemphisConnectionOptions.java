package dev.lakestation.connector.common;

import dev.lakestation.memphis.ControlPlane;
import java.time.Duration;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * How the Memphis source, sink and SQL connector reach the broker: the {@code memphis.connection.*} options
 * of a Flink configuration, each the counterpart of one memphis-client {@code MemphisOptions} setting. Defined
 * once; {@link #TABLE} holds the same options without the prefix, as the SQL connector's {@code WITH} keys
 * ({@code 'host'}, {@code 'connection-token'}, ...).
 *
 * <pre>{@code
 * Configuration conf = new Configuration();
 * conf.set(MemphisConnectionOptions.HOST, "memphis.internal");
 * conf.set(MemphisConnectionOptions.USERNAME, "app");
 * conf.set(MemphisConnectionOptions.CONNECTION_TOKEN, token);
 * MemphisSource.<String>builder().setConfig(conf)...;   // and MemphisSink.<String>builder().setConfig(conf)
 * }</pre>
 */
@PublicEvolving
public final class MemphisConnectionOptions {
    public static final String PREFIX = "memphis.connection.";

    /**
     * The options with their {@code memphis.connection.} keys (DataStream source and sink); the source's former
     * {@code memphis.source.<name>} keys are still read, as deprecated keys.
     */
    public static final MemphisConnectionOptions CONFIG = new MemphisConnectionOptions(PREFIX, "memphis.source.");
    /** The same options without the prefix: the SQL connector's table options. */
    public static final MemphisConnectionOptions TABLE = new MemphisConnectionOptions("", null);

    public static final ConfigOption<String> HOST = CONFIG.host;
    public static final ConfigOption<Integer> PORT = CONFIG.port;
    public static final ConfigOption<String> USERNAME = CONFIG.username;
    public static final ConfigOption<String> CONNECTION_TOKEN = CONFIG.connectionToken;
    public static final ConfigOption<String> PASSWORD = CONFIG.password;
    public static final ConfigOption<Integer> ACCOUNT_ID = CONFIG.accountId;
    public static final ConfigOption<String> TLS_CERT_FILE = CONFIG.tlsCertFile;
    public static final ConfigOption<String> TLS_KEY_FILE = CONFIG.tlsKeyFile;
    public static final ConfigOption<String> TLS_CA_FILE = CONFIG.tlsCaFile;
    public static final ConfigOption<ControlPlane> CONTROL_PLANE = CONFIG.controlPlane;
    public static final ConfigOption<Duration> CONNECT_TIMEOUT = CONFIG.connectTimeout;
    public static final ConfigOption<Duration> REQUEST_TIMEOUT = CONFIG.requestTimeout;
    public static final ConfigOption<Boolean> RECONNECT = CONFIG.reconnect;
    public static final ConfigOption<Integer> MAX_RECONNECTS = CONFIG.maxReconnects;
    public static final ConfigOption<Duration> RECONNECT_INTERVAL = CONFIG.reconnectInterval;

    public final ConfigOption<String> host;
    public final ConfigOption<Integer> port;
    public final ConfigOption<String> username;
    public final ConfigOption<String> connectionToken;
    public final ConfigOption<String> password;
    public final ConfigOption<Integer> accountId;
    public final ConfigOption<String> tlsCertFile;
    public final ConfigOption<String> tlsKeyFile;
    public final ConfigOption<String> tlsCaFile;
    public final ConfigOption<ControlPlane> controlPlane;
    public final ConfigOption<Duration> connectTimeout;
    public final ConfigOption<Duration> requestTimeout;
    public final ConfigOption<Boolean> reconnect;
    public final ConfigOption<Integer> maxReconnects;
    public final ConfigOption<Duration> reconnectInterval;

    private MemphisConnectionOptions(String p, String deprecatedPrefix) {
        host = deprecated(ConfigOptions.key(p + "host").stringType().noDefaultValue()
                .withDescription("Memphis (NATS) host. Required unless a MemphisOptions object gives it."), deprecatedPrefix, "host");
        port = deprecated(ConfigOptions.key(p + "port").intType().defaultValue(6666)
                .withDescription("Memphis client port (1..65535)."), deprecatedPrefix, "port");
        username = deprecated(ConfigOptions.key(p + "username").stringType().noDefaultValue()
                .withDescription("Memphis user (application or root). Required."), deprecatedPrefix, "username");
        connectionToken = deprecated(ConfigOptions.key(p + "connection-token").stringType().noDefaultValue()
                .withDescription("Connection token (token mode); exactly one of connection-token or password. "
                        + "Hidden in Flink's error messages and never logged by the connectors."), deprecatedPrefix, "connection-token");
        password = deprecated(ConfigOptions.key(p + "password").stringType().noDefaultValue()
                .withDescription("Password (password mode); exactly one of connection-token or password. Hidden "
                        + "in Flink's error messages and never logged by the connectors."), deprecatedPrefix, "password");
        accountId = deprecated(ConfigOptions.key(p + "account-id").intType().defaultValue(1)
                .withDescription("Memphis account id (password mode)."), deprecatedPrefix, "account-id");
        tlsCertFile = deprecated(ConfigOptions.key(p + "tls.cert-file").stringType().noDefaultValue()
                .withDescription("Client certificate (PEM) for mutual TLS; needs tls.key-file and tls.ca-file."), deprecatedPrefix, "tls.cert-file");
        tlsKeyFile = deprecated(ConfigOptions.key(p + "tls.key-file").stringType().noDefaultValue()
                .withDescription("Client private key (PEM) for mutual TLS."), deprecatedPrefix, "tls.key-file");
        tlsCaFile = deprecated(ConfigOptions.key(p + "tls.ca-file").stringType().noDefaultValue()
                .withDescription("CA certificate (PEM); alone it verifies the server without a client certificate."), deprecatedPrefix, "tls.ca-file");
        controlPlane = ConfigOptions.key(p + "control-plane").enumType(ControlPlane.class)
                .defaultValue(ControlPlane.AUTO)
                .withDescription("AUTO (detect), BROKER (a Memphis broker) or JETSTREAM (a plain NATS JetStream server).");
        connectTimeout = ConfigOptions.key(p + "connect-timeout").durationType().defaultValue(Duration.ofSeconds(2))
                .withDescription("How long connecting may take.");
        requestTimeout = ConfigOptions.key(p + "request-timeout").durationType().defaultValue(Duration.ofSeconds(20))
                .withDescription("Timeout of control-plane and JetStream API requests.");
        reconnect = ConfigOptions.key(p + "reconnect").booleanType().defaultValue(true)
                .withDescription("Reconnect after a lost connection.");
        maxReconnects = ConfigOptions.key(p + "max-reconnects").intType().defaultValue(-1)
                .withDescription("Reconnect attempts before giving up; -1: the SDKs' default.");
        reconnectInterval = ConfigOptions.key(p + "reconnect-interval").durationType()
                .defaultValue(Duration.ofSeconds(1)).withDescription("Pause between reconnect attempts.");
    }

    private static <T> ConfigOption<T> deprecated(ConfigOption<T> option, String deprecatedPrefix, String name) {
        return deprecatedPrefix == null ? option : option.withDeprecatedKeys(deprecatedPrefix + name);
    }

    /** Every option of this set, e.g. for a table factory's optional options. */
    public List<ConfigOption<?>> all() {
        return List.of(host, port, username, connectionToken, password, accountId, tlsCertFile, tlsKeyFile,
                tlsCaFile, controlPlane, connectTimeout, requestTimeout, reconnect, maxReconnects, reconnectInterval);
    }

    /** The options of this set that hold secrets (hidden in error messages). */
    public List<ConfigOption<?>> secrets() {
        return List.of(connectionToken, password);
    }
}
