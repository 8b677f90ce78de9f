package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;

/**
 * Header names on Memphis messages, for connectors that publish or read with jnats directly.
 *
 * <pre>{@code
 * Headers h = new Headers();
 * h.put(MemphisHeaders.CONNECTION_ID, memphis.connectionId());
 * h.put(MemphisHeaders.PRODUCED_BY, "flink-sink");
 * h.put(MemphisHeaders.MSG_ID, id).put(MemphisHeaders.NATS_MSG_ID, id);
 * }</pre>
 */
@PublicEvolving
public final class MemphisHeaders {
    /** Reserved prefix: user headers may not start with it; consumers hide such headers. */
    public static final String RESERVED_PREFIX = "$memphis";
    public static final String CONNECTION_ID = "$memphis_connectionId";
    public static final String PRODUCED_BY = "$memphis_producedBy";
    /** Memphis broker's deduplication header. */
    public static final String MSG_ID = "msg-id";
    /** Stock JetStream's deduplication header; the client sets both. */
    public static final String NATS_MSG_ID = "Nats-Msg-Id";

    /** Id of a poison message the broker resends over core NATS; acked with a {@code $memphis_pm_acks} message. */
    public static final String PM_ID = "$memphis_pm_id";

    private MemphisHeaders() {}
}
