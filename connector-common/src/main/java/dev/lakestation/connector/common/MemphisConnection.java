package dev.lakestation.connector.common;

import dev.lakestation.memphis.MemphisOptions;
import java.time.Duration;
import java.util.List;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The one validation of connection settings for the source, the sink and the SQL connector: the
 * {@link MemphisConnectionOptions} set in a configuration, over a {@link MemphisOptions} object when the
 * user gave one (single options override it). Every problem is a {@link MemphisConfigException} naming
 * the option as {@code naming} says.
 *
 * <pre>{@code
 * MemphisOptions o = MemphisConnection.options(config, MemphisConnectionOptions.CONFIG, userOptions,
 *         OptionNaming.builder("Memphis sink", SETTERS));
 * }</pre>
 */
@Internal
public final class MemphisConnection {
    private static final String INVALID = "invalid connection settings: ";

    private MemphisConnection() {}

    public static MemphisOptions options(ReadableConfig c, MemphisConnectionOptions keys, @Nullable MemphisOptions base,
            OptionNaming naming) {
        boolean anySingle = keys.all().stream().anyMatch(o -> c.getOptional(o).isPresent());
        if (base == null && !anySingle) {
            throw MemphisConfigException.of(naming, "no broker: set {0} and {1}", keys.host, keys.username);
        }
        if (base == null) {
            required(c, keys.host, naming);
            required(c, keys.username, naming);
        }
        c.getOptional(keys.port).ifPresent(port -> {
            if (port < 1 || port > 65535) {
                throw MemphisConfigException.of(naming, INVALID + "{0} must be between 1 and 65535, got " + port, keys.port);
            }
        });
        boolean token = c.getOptional(keys.connectionToken).isPresent();
        boolean password = c.getOptional(keys.password).isPresent();
        if (token && password) {
            throw MemphisConfigException.of(naming, INVALID + "set exactly one of {0} or {1}, not both", keys.connectionToken,
                    keys.password);
        }
        if (base == null && !token && !password) {
            throw MemphisConfigException.of(naming, INVALID + "set exactly one of {0} or {1}", keys.connectionToken,
                    keys.password);
        }
        String cert = c.getOptional(keys.tlsCertFile).orElse(null);
        String key = c.getOptional(keys.tlsKeyFile).orElse(null);
        String ca = c.getOptional(keys.tlsCaFile).orElse(null);
        if ((cert != null || key != null) && (cert == null || key == null || ca == null)) {
            throw MemphisConfigException.of(naming, INVALID + "mutual TLS needs {0}, {1} and {2} ({2} alone verifies the "
                    + "server without a client certificate)", keys.tlsCertFile, keys.tlsKeyFile, keys.tlsCaFile);
        }
        positive(c, keys.connectTimeout, naming);
        positive(c, keys.requestTimeout, naming);
        c.getOptional(keys.reconnectInterval).ifPresent(d -> {
            if (d.isNegative()) {
                throw MemphisConfigException.of(naming, INVALID + "{0} must not be negative, got " + d, keys.reconnectInterval);
            }
        });

        MemphisOptions.Builder b = base != null ? base.toBuilder() : MemphisOptions.builder();
        c.getOptional(keys.host).ifPresent(b::host);
        c.getOptional(keys.port).ifPresent(b::port);
        c.getOptional(keys.username).ifPresent(b::username);
        c.getOptional(keys.connectionToken).ifPresent(t -> b.connectionToken(t).password(null));
        c.getOptional(keys.password).ifPresent(p -> b.password(p).connectionToken(null));
        c.getOptional(keys.accountId).ifPresent(b::accountId);
        if (cert != null) {
            b.tls(cert, key, ca);
        } else if (ca != null) {
            b.tls(ca);
        }
        c.getOptional(keys.controlPlane).ifPresent(b::controlPlane);
        c.getOptional(keys.connectTimeout).ifPresent(b::timeout);
        c.getOptional(keys.requestTimeout).ifPresent(b::requestTimeout);
        c.getOptional(keys.reconnect).ifPresent(b::reconnect);
        c.getOptional(keys.maxReconnects).ifPresent(b::maxReconnects);
        c.getOptional(keys.reconnectInterval).ifPresent(b::reconnectInterval);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new MemphisConfigException(naming, INVALID + e.getMessage(), List.of(), e);
        }
    }

    private static void required(ReadableConfig c, ConfigOption<String> option, OptionNaming naming) {
        if (c.getOptional(option).map(String::isBlank).orElse(true)) {
            throw MemphisConfigException.of(naming, INVALID + "{0} is required", option);
        }
    }

    private static void positive(ReadableConfig c, ConfigOption<Duration> option, OptionNaming naming) {
        c.getOptional(option).ifPresent(d -> {
            if (d.isNegative() || d.isZero()) {
                throw MemphisConfigException.of(naming, INVALID + "{0} must be positive, got " + d, option);
            }
        });
    }
}
