package dev.lakestation.memphis;

/**
 * Which control plane the client talks to.
 *
 * <ul>
 *   <li>{@link #BROKER}: a Memphis broker answers the {@code $memphis_*} requests.
 *   <li>{@link #JETSTREAM}: a plain NATS JetStream server; the client creates streams and durable
 *       consumers itself with the broker's mapping and keeps station and schema metadata in the
 *       {@code memphis_stations} / {@code memphis_schemas} key-value buckets.
 *   <li>{@link #AUTO}: a station-creation request with no responders selects JETSTREAM, else BROKER.
 * </ul>
 */
public enum ControlPlane {
    AUTO,
    BROKER,
    JETSTREAM
}
