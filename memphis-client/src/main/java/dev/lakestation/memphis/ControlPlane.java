package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;

/**
 * Which control plane the client talks to.
 *
 * <ul>
 *   <li>{@link #BROKER}: a Memphis broker answers the {@code $memphis_*} requests.
 *   <li>{@link #JETSTREAM}: a plain NATS JetStream server; the client creates streams and durable
 *       consumers itself with the broker's mapping and keeps station and schema metadata in the
 *       {@code memphis_stations} / {@code memphis_schemas} key-value buckets.
 *   <li>{@link #AUTO}: BROKER when the JetStream stream {@code $memphis_dls_schemaverse}, which every
 *       Memphis broker creates at start-up, exists; JETSTREAM otherwise. Read-only: nothing is sent to
 *       the broker's {@code $memphis_*} subjects.
 * </ul>
 *
 * <pre>{@code
 * Memphis memphis = Memphis.connect(MemphisOptions.builder().host("nats").username("root")
 *         .connectionToken("t").controlPlane(ControlPlane.JETSTREAM).build());   // no broker here
 * assert memphis.controlPlane() == ControlPlane.JETSTREAM;
 * }</pre>
 */
@PublicEvolving
public enum ControlPlane {
    AUTO,
    BROKER,
    JETSTREAM
}
