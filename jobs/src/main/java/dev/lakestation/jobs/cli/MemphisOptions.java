package dev.lakestation.jobs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The broker options ({@code --memphis host:port}, TLS files), as a picocli mixin: of the commands that read
 * stations ({@code load}) and, inside {@link CoordinatorOptions}, of the coordinator commands (broker mode). Credentials never come from the command line (it shows in process lists): {@code MEMPHIS_USERNAME}
 * (default {@code lakestation}) with {@code MEMPHIS_CONNECTION_TOKEN} or {@code MEMPHIS_PASSWORD} (+
 * {@code MEMPHIS_ACCOUNT_ID}, default 1) from the environment; neither = a server without authentication (a plain
 * nats-server). The control plane (Memphis broker or plain JetStream) is detected.
 *
 * <pre>{@code
 * @Mixin MemphisOptions memphis;
 * dev.lakestation.memphis.MemphisOptions c = memphis.connection(System.getenv()); // null without --memphis
 * }</pre>
 */
public final class MemphisOptions {

    @Option(names = "--memphis", paramLabel = "HOST:PORT", defaultValue = "${env:LAKESTATION_MEMPHIS}",
            description = "Memphis broker or NATS JetStream server (default: $LAKESTATION_MEMPHIS; port 6666 when "
                    + "omitted): for load, the tables with a station; for coordinator, status, trigger and backfill, "
                    + "broker mode (dataset events on a station, state in a key-value bucket; without it: files under "
                    + "datasets/). Credentials from MEMPHIS_USERNAME and "
                    + "MEMPHIS_CONNECTION_TOKEN or MEMPHIS_PASSWORD (+ MEMPHIS_ACCOUNT_ID).")
    String address;

    @Option(names = "--memphis-tls-ca", paramLabel = "FILE",
            description = "CA certificate (PEM) to verify the broker: TLS.")
    Path tlsCa;

    @Option(names = "--memphis-tls-cert", paramLabel = "FILE",
            description = "Client certificate (PEM) for mutual TLS (with --memphis-tls-key and --memphis-tls-ca).")
    Path tlsCert;

    @Option(names = "--memphis-tls-key", paramLabel = "FILE", description = "Client key (PEM) for mutual TLS.")
    Path tlsKey;

    /**
     * The connection, or null when no broker is given.
     *
     * @throws IllegalArgumentException for a bad address, a missing TLS file or an incomplete TLS/credential set
     *                                  (the message names the option or variable, never a secret)
     */
    public dev.lakestation.memphis.MemphisOptions connection(Map<String, String> env) {
        if (address == null || address.isBlank()) {
            if (tlsCa != null || tlsCert != null || tlsKey != null) {
                throw new IllegalArgumentException("--memphis-tls-* needs --memphis host:port");
            }
            return null;
        }
        String a = address.trim().replaceFirst("^nats://", "");
        String host = a;
        int port = dev.lakestation.memphis.MemphisOptions.DEFAULT_PORT;
        int colon = a.lastIndexOf(':');
        if (colon >= 0) {
            host = a.substring(0, colon);
            try {
                port = Integer.parseInt(a.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--memphis '" + address + "': the port is not a number");
            }
        }
        var b = dev.lakestation.memphis.MemphisOptions.builder().host(host).port(port)
                .username(value(env, "MEMPHIS_USERNAME", "lakestation"));
        String token = value(env, "MEMPHIS_CONNECTION_TOKEN", null);
        String password = value(env, "MEMPHIS_PASSWORD", null);
        if (token != null && password != null) {
            throw new IllegalArgumentException("set MEMPHIS_CONNECTION_TOKEN or MEMPHIS_PASSWORD, not both");
        }
        if (password != null) {
            b.password(password);
            String account = value(env, "MEMPHIS_ACCOUNT_ID", null);
            if (account != null) {
                try {
                    b.accountId(Integer.parseInt(account));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("MEMPHIS_ACCOUNT_ID is not a number");
                }
            }
        } else {
            b.connectionToken(token != null ? token : ""); // a server without authentication ignores it
        }
        if (tlsCert != null || tlsKey != null) {
            if (tlsCert == null || tlsKey == null || tlsCa == null) {
                throw new IllegalArgumentException("mutual TLS needs --memphis-tls-cert, --memphis-tls-key and "
                        + "--memphis-tls-ca");
            }
            b.tls(file("--memphis-tls-cert", tlsCert), file("--memphis-tls-key", tlsKey),
                    file("--memphis-tls-ca", tlsCa));
        } else if (tlsCa != null) {
            b.tls(file("--memphis-tls-ca", tlsCa));
        }
        return b.build();
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    private static String file(String option, Path p) {
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException(option + " " + p + ": no such readable file");
        }
        return p.toString();
    }
}
