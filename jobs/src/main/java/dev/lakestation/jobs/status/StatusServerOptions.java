package dev.lakestation.jobs.status;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where the status page listens and who may read it. Loopback by default; any other address must be allowed
 * explicitly and needs a token, since the page shows table names, periods and error messages.
 *
 * <pre>{@code
 * StatusServerOptions o = StatusServerOptions.parse("0.0.0.0:8088", true, System.getenv("LAKESTATION_HTTP_TOKEN"));
 * }</pre>
 *
 * @param address the socket address to bind
 * @param token   the token every request must carry, or null (loopback only)
 */
public record StatusServerOptions(InetSocketAddress address, String token) {

    /** The default, {@code 127.0.0.1:8088}. */
    public static final String DEFAULT = "127.0.0.1:8088";

    /**
     * @param hostPort    {@code host:port} ({@code [v6]:port} for IPv6), port 0 for any free port
     * @param allowRemote whether a non-loopback address may be bound
     * @param token       the token, or null / blank for none
     * @throws IllegalArgumentException naming the option when the address is malformed, or not loopback without
     *                                  {@code --http-allow-remote} and a token
     */
    public static StatusServerOptions parse(String hostPort, boolean allowRemote, String token) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("--http: expected host:port, e.g. " + DEFAULT + ", got '" + hostPort
                    + "'");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--http: '" + hostPort.substring(colon + 1) + "' is not a port");
        }
        InetAddress ip;
        try {
            ip = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--http: unknown host '" + host + "'");
        }
        String t = token == null || token.isBlank() ? null : token;
        if (!ip.isLoopbackAddress()) {
            if (!allowRemote) {
                throw new IllegalArgumentException("--http " + hostPort + " is not a loopback address: the page "
                        + "shows project data, so binding it needs --http-allow-remote and a token "
                        + "(--http-token or LAKESTATION_HTTP_TOKEN)");
            }
            if (t == null) {
                throw new IllegalArgumentException("--http " + hostPort + " with --http-allow-remote needs a token "
                        + "(--http-token or LAKESTATION_HTTP_TOKEN)");
            }
        }
        return new StatusServerOptions(new InetSocketAddress(ip, port), t);
    }

    @Override
    public String toString() {
        return "StatusServerOptions[" + address + (token == null ? "" : ", token set") + "]"; // never the token
    }
}
