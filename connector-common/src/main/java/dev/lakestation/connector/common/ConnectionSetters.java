package dev.lakestation.connector.common;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;

/**
 * What the source's and the sink's typed connection setters write ({@code setServer}, {@code setCredentials},
 * {@code setPasswordCredentials}, {@code setTls}), and the setter that writes each connection option, for
 * error messages — one definition for both builders.
 *
 * <pre>{@code
 * public MemphisSinkBuilder<T> setServer(String host, int port) {
 *     ConnectionSetters.server(config, host, port);
 *     return this;
 * }
 * }</pre>
 */
@Internal
public final class ConnectionSetters {
    private ConnectionSetters() {}

    public static void server(Configuration c, String host, int port) {
        c.set(MemphisConnectionOptions.HOST, host);
        c.set(MemphisConnectionOptions.PORT, port);
    }

    /** Username with a connection token (Memphis token mode); a password set before is dropped. */
    public static void tokenCredentials(Configuration c, String username, String connectionToken) {
        c.set(MemphisConnectionOptions.USERNAME, username);
        c.set(MemphisConnectionOptions.CONNECTION_TOKEN, connectionToken);
        c.removeConfig(MemphisConnectionOptions.PASSWORD);
    }

    /** Username with a password in account {@code accountId}; a token set before is dropped. */
    public static void passwordCredentials(Configuration c, String username, String password, int accountId) {
        c.set(MemphisConnectionOptions.USERNAME, username);
        c.set(MemphisConnectionOptions.PASSWORD, password);
        c.set(MemphisConnectionOptions.ACCOUNT_ID, accountId);
        c.removeConfig(MemphisConnectionOptions.CONNECTION_TOKEN);
    }

    /** Mutual TLS from PEM files. */
    public static void mutualTls(Configuration c, String certFile, String keyFile, String caFile) {
        c.set(MemphisConnectionOptions.TLS_CERT_FILE, certFile);
        c.set(MemphisConnectionOptions.TLS_KEY_FILE, keyFile);
        c.set(MemphisConnectionOptions.TLS_CA_FILE, caFile);
    }

    /** TLS verifying the server against a CA (PEM), without a client certificate. */
    public static void serverTls(Configuration c, String caFile) {
        c.removeConfig(MemphisConnectionOptions.TLS_CERT_FILE);
        c.removeConfig(MemphisConnectionOptions.TLS_KEY_FILE);
        c.set(MemphisConnectionOptions.TLS_CA_FILE, caFile);
    }

    /** The setters of the connection options by key, plus a builder's own {@code more}. */
    public static Map<String, String> settersByKey(Map<String, String> more) {
        Map<String, String> m = new HashMap<>(more);
        m.put(MemphisConnectionOptions.HOST.key(), "setServer(String, int) or setOptions(MemphisOptions)");
        m.put(MemphisConnectionOptions.PORT.key(), "setServer(String, int)");
        m.put(MemphisConnectionOptions.USERNAME.key(), "setCredentials(String, String)");
        m.put(MemphisConnectionOptions.CONNECTION_TOKEN.key(), "setCredentials(String, String)");
        m.put(MemphisConnectionOptions.PASSWORD.key(), "setPasswordCredentials(String, String, int)");
        m.put(MemphisConnectionOptions.ACCOUNT_ID.key(), "setPasswordCredentials(String, String, int)");
        m.put(MemphisConnectionOptions.TLS_CERT_FILE.key(), "setTls(String, String, String)");
        m.put(MemphisConnectionOptions.TLS_KEY_FILE.key(), "setTls(String, String, String)");
        m.put(MemphisConnectionOptions.TLS_CA_FILE.key(), "setTls(String)");
        return Map.copyOf(m);
    }
}
