package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;
import dev.lakestation.memphis.internal.JetStreamAdmin;
import dev.lakestation.memphis.internal.StationNames;
import dev.lakestation.memphis.schemaverse.Schema;
import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to Memphis: stations, producers, consumers and schemas (the memphis-py API in Java).
 *
 * <pre>{@code
 * try (Memphis memphis = Memphis.connect(MemphisOptions.builder()
 *         .host("localhost").username("root").password("memphis").build())) {
 *     memphis.createStation(StationOptions.builder("orders").partitions(3).build());
 *     memphis.produce("orders", "web", "{\"id\":1}", ProduceOptions.msgId("1"));
 *     for (MemphisMessage m : memphis.fetchMessages(ConsumerOptions.builder("orders", "billing").build())) {
 *         m.ack();
 *     }
 * }
 * }</pre>
 *
 * <p>The data plane is always JetStream. The control plane is a Memphis broker
 * ({@code $memphis_*} requests) or, on plain NATS JetStream, the client itself
 * ({@link ControlPlane}); {@link MemphisOptions#controlPlane()} AUTO picks by asking. Thread-safe.
 */
@PublicEvolving
public final class Memphis implements AutoCloseable {
    /** A stream only a Memphis broker has (srv:server/memphis_helper.go {@code dlsSchemaverseStream}). */
    static final String BROKER_MARKER_STREAM = "$memphis_dls_schemaverse";
    private static final Logger LOG = LoggerFactory.getLogger(Memphis.class);
    /** One id per process, as the SDKs' {@code app_id}. */
    static final String APP_ID = UUID.randomUUID().toString();

    private final MemphisOptions options;
    private final String connectionId;
    private final Connection nc;
    private final JetStream js;
    private final Plane plane;
    private final Map<String, Producer> producers = new ConcurrentHashMap<>();
    private final Map<String, Consumer> consumers = new ConcurrentHashMap<>();
    private final ExecutorService executor;
    private volatile long maxPayload;

    private Memphis(MemphisOptions options, String connectionId, Connection nc) {
        this.options = options;
        this.connectionId = connectionId;
        this.nc = nc;
        try {
            this.js = nc.jetStream(options.jetStreamOptions());
            this.maxPayload = nc.getServerInfo().getMaxPayload();
            this.plane = choosePlane();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            closeQuietly(nc);
            throw e instanceof MemphisException m ? m
                    : new MemphisException("cannot set up the control plane on " + options.address() + ": "
                            + e.getMessage(), e);
        }
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "memphis-prefetch");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects. Fails within the connect timeout with a {@link MemphisConnectException} naming
     * {@code host:port} when the broker is unreachable, or a {@link MemphisAuthException} when the
     * credentials are refused (never retried).
     */
    public static Memphis connect(MemphisOptions options) {
        String connectionId = UUID.randomUUID().toString();
        LoggingErrorListener errors = new LoggingErrorListener(options.address());
        Connection nc;
        try {
            nc = Nats.connect(options.toNatsOptions(connectionId, errors));
        } catch (AuthenticationException e) {
            throw authFailed(options, e);
        } catch (IOException e) {
            String cause = errors.firstError();
            if (isAuthError(e.getMessage()) || isAuthError(cause)) {
                throw authFailed(options, e);
            }
            throw new MemphisConnectException("cannot connect to Memphis at " + options.address() + ": "
                    + (cause == null ? "" : cause + " (") + e.getMessage() + (cause == null ? "" : ")")
                    + tlsHint(options, cause), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MemphisConnectException("interrupted while connecting to " + options.address(), e);
        }
        return new Memphis(options, connectionId, nc);
    }

    private static boolean isAuthError(String message) {
        String m = String.valueOf(message).toLowerCase(Locale.ROOT);
        return m.contains("authorization") || m.contains("authentication");
    }

    private static MemphisAuthException authFailed(MemphisOptions options, Exception e) {
        return new MemphisAuthException("authentication failed for user '" + options.username() + "' on "
                + options.address() + " (" + (options.hasConnectionToken() ? "connection token" : "password")
                + " refused): " + e.getMessage(), e);
    }

    /** A mutual-TLS server drops a client without a certificate with no reason the client can see. */
    private static String tlsHint(MemphisOptions options, String cause) {
        boolean refused = cause != null && cause.toLowerCase(Locale.ROOT).contains("refused");
        if (options.tls() && !options.mutualTls() && !refused) {
            return "; TLS was attempted without a client certificate: if the server requires mutual TLS,"
                    + " connect with tls(certFile, keyFile, caFile)";
        }
        return "";
    }

    private Plane choosePlane() throws IOException, JetStreamApiException {
        ControlPlane wanted = options.controlPlane();
        if (wanted == ControlPlane.AUTO) {
            wanted = detect();
        }
        return wanted == ControlPlane.BROKER ? new BrokerPlane(this) : new JetStreamPlane(nc, options);
    }

    /**
     * Whether a Memphis broker runs behind this connection, found with a request that changes nothing:
     * the JetStream info of {@value #BROKER_MARKER_STREAM}, the schemaverse dead-letter stream every
     * Memphis broker creates in its global account at start-up (the account its SDK clients use).
     * Plain JetStream answers "stream not found". Asking a {@code $memphis_*} subject instead would
     * make a real broker act on, and log, a request (a fake station creation warned on every connect).
     */
    private ControlPlane detect() {
        try {
            io.nats.client.JetStreamManagement jsm = nc.jetStreamManagement(
                    io.nats.client.JetStreamOptions.builder().requestTimeout(options.timeout()).build());
            jsm.getStreamInfo(BROKER_MARKER_STREAM);
            return ControlPlane.BROKER;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != JetStreamAdmin.JS_STREAM_NOT_FOUND_ERR) {
                LOG.warn("control plane detection on {} failed ({}); using JetStream", options.address(),
                        e.getMessage());
            }
            return ControlPlane.JETSTREAM;
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("503") || m.toLowerCase(Locale.ROOT).contains("no responders")) {
                LOG.debug("no JetStream on {}: no Memphis broker either", options.address());
                return ControlPlane.JETSTREAM;
            }
            // no answer in time: nothing Memphis-like answered here
            LOG.warn("control plane detection on {}: no JetStream answer within {} ({}); using JetStream",
                    options.address(), options.timeout(), e.getMessage());
            return ControlPlane.JETSTREAM;
        }
    }

    public MemphisOptions options() {
        return options;
    }

    /** The control plane in use (BROKER or JETSTREAM). */
    public ControlPlane controlPlane() {
        return plane.kind();
    }

    /** This connection's id (a UUID), as sent in {@code $memphis_connectionId} and control requests. */
    public String connectionId() {
        return connectionId;
    }

    /** The underlying jnats connection, for data-plane fast paths (connectors). */
    public Connection connection() {
        return nc;
    }

    public boolean isConnected() {
        return nc.getStatus() == Connection.Status.CONNECTED;
    }

    // ---- stations -------------------------------------------------------------------------------

    /** Creates a station; creating an existing station changes nothing. */
    public void createStation(StationOptions station) {
        plane.createStation(station);
    }

    /** Creates a station with default options. */
    public void createStation(String name) {
        createStation(StationOptions.defaults(name));
    }

    /** Deletes a station's streams and metadata. */
    public void destroyStation(String name) {
        plane.destroyStation(name);
    }

    /**
     * A station's partitions list and settings.
     *
     * @throws StationNotFoundException when it does not exist
     */
    public StationInfo station(String name) {
        return plane.station(name);
    }

    /**
     * Ensures the group's durable consumer on every partition of the station (with the broker's
     * mapping) and returns the partitions list.
     */
    public List<Integer> createConsumerGroup(String station, String group, ConsumerGroupOptions options) {
        String st = StationNames.validate("station", station);
        String g = StationNames.validate("consumer group", group);
        return plane.createConsumerGroup(st, g, g, options);
    }

    // ---- producers ------------------------------------------------------------------------------

    public Producer producer(String station, String name) {
        return producer(ProducerOptions.builder(station, name).build());
    }

    /** Registers a producer (creating missing stations with defaults) and returns it. */
    public Producer producer(ProducerOptions po) {
        String name = po.genUniqueSuffix() ? po.name() + "_" + UUID.randomUUID().toString().substring(0, 8) : po.name();
        List<StationState> states = new ArrayList<>();
        for (String s : po.stations()) {
            states.add(plane.registerProducer(s, name));
        }
        Producer p = new Producer(this, po, name, states);
        producers.put(producerKey(po.stations(), name), p);
        return p;
    }

    /**
     * Produces through a cached producer (created on first use), waiting for the acknowledgement —
     * memphis-py {@code memphis.produce(station_name, producer_name, message, ...)}.
     */
    public PublishAck produce(String station, String producerName, Object message, ProduceOptions opts) {
        String key = producerKey(List.of(StationNames.validate("station", station)),
                StationNames.validate("producer", producerName));
        Producer p = producers.get(key);
        if (p == null) {
            synchronized (producers) {
                p = producers.get(key);
                if (p == null) {
                    p = producer(station, producerName);
                }
            }
        }
        return p.produce(message, opts);
    }

    public PublishAck produce(String station, String producerName, Object message) {
        return produce(station, producerName, message, ProduceOptions.NONE);
    }

    private static String producerKey(List<String> stations, String name) {
        return String.join(",", stations) + "|" + name;
    }

    void forgetProducer(Producer p) {
        producers.remove(producerKey(p.stations(), p.name()), p);
    }

    // ---- consumers ------------------------------------------------------------------------------

    public Consumer consumer(String station, String name) {
        return consumer(ConsumerOptions.builder(station, name).build());
    }

    /** Creates a consumer (and its group's durables, creating a missing station with defaults). */
    public Consumer consumer(ConsumerOptions co) {
        List<Integer> partitions = plane.createConsumerGroup(co.station(), co.group(), co.name(), co.groupOptions());
        Consumer c = new Consumer(this, co, co.name(), partitions);
        consumers.put(co.station() + "|" + co.name(), c);
        return c;
    }

    /**
     * One-shot fetch (memphis-py {@code fetch_messages}): reuses a cached consumer of that station and
     * name, or creates one.
     */
    public List<MemphisMessage> fetchMessages(ConsumerOptions co) {
        Consumer c = consumers.get(co.station() + "|" + co.name());
        if (c == null) {
            c = consumer(co);
        }
        return c.fetch(co.batchSize(), false);
    }

    void forgetConsumer(Consumer c) {
        consumers.remove(c.station() + "|" + c.name(), c);
    }

    // ---- schemas --------------------------------------------------------------------------------

    /**
     * Creates a schema, or a new version when one of that name and type exists (same content: no
     * change). Types: {@code json}, {@code avro}, {@code protobuf}, {@code graphql}.
     *
     * @throws SchemaValidationException for an invalid schema or an unsupported type
     */
    public void createSchema(String name, String type, String content) {
        plane.createSchema(name, type, content, "");
    }

    /** memphis-py {@code create_schema(name, type, schema_file_path)}: the content is read from a file. */
    public void createSchema(String name, String type, java.nio.file.Path schemaFile) {
        try {
            createSchema(name, type, java.nio.file.Files.readString(schemaFile));
        } catch (IOException e) {
            throw new MemphisException("cannot read schema file " + schemaFile + ": " + e.getMessage(), e);
        }
    }

    /** Protobuf form: the message struct name selects the message type. */
    public void createSchema(String name, String type, String content, String messageStructName) {
        plane.createSchema(name, type, content, messageStructName);
    }

    /** Active version of a schema. */
    public Schema schema(String name) {
        return plane.schema(name);
    }

    /** Attaches a schema to a station: producers validate every message from then on. */
    public void enforceSchema(String schemaName, String station) {
        plane.enforceSchema(schemaName, StationNames.validate("station", station));
    }

    public void detachSchema(String station) {
        plane.detachSchema(StationNames.validate("station", station));
    }

    // ---- connector helpers ----------------------------------------------------------------------

    /**
     * Dead-letters a message fetched with jnats from a station's durable (connector fast path):
     * terminates it and sends it with the reason to the station's dead-letter place, as
     * {@link MemphisMessage#deadLetter} does.
     *
     * <pre>{@code
     * memphis.deadLetter(jsMessage, "billing", "cannot deserialize: " + e.getMessage());
     * }</pre>
     */
    public void deadLetter(Message jetStreamMessage, String group, String reason) {
        io.nats.client.impl.NatsJetStreamMetaData meta = jetStreamMessage.metaData();
        String stream = meta.getStream();
        StationNames.StreamPartition sp = StationNames.parse(stream);
        if (sp == null) {
            throw new IllegalArgumentException("message of stream '" + stream + "' is not a station's message");
        }
        plane.deadLetter(sp.station(), sp.partition(), group, meta.streamSequence(), reason,
                jetStreamMessage.getHeaders(), jetStreamMessage.getData());
        jetStreamMessage.term(); // after the dead letter is stored: a failure leaves the message pending
    }

    /**
     * The compiled validator of the schema attached to a station, or null when none is attached
     * (connector fast path; kept current like a producer's). On the broker plane the schema is known
     * once a producer or consumer of this client registered on the station.
     */
    public dev.lakestation.memphis.schemaverse.SchemaValidator schemaValidator(String station) {
        return liveSchemaValidator(station).get();
    }

    /**
     * {@link #schemaValidator(String)} for a hot path: the station is resolved once, and each
     * {@code get()} returns the validator current at that moment (null while no schema is attached).
     *
     * <pre>{@code
     * Supplier<SchemaValidator> schema = memphis.liveSchemaValidator("orders");
     * SchemaValidator v = schema.get(); // per message
     * }</pre>
     */
    public java.util.function.Supplier<dev.lakestation.memphis.schemaverse.SchemaValidator> liveSchemaValidator(
            String station) {
        StationState state = plane.stationState(StationNames.validate("station", station));
        return state::validator;
    }

    // ---- plumbing -------------------------------------------------------------------------------

    Plane plane() {
        return plane;
    }

    JetStream jetStream() {
        return js;
    }

    long maxPayload() {
        return maxPayload;
    }

    ExecutorService executor() {
        return executor;
    }

    /**
     * Stops consumers (their durables stay), forgets producers (registrations stay, as the SDKs do on
     * close) and closes the connection.
     */
    @Override
    public void close() {
        for (Consumer c : List.copyOf(consumers.values())) {
            try {
                c.stopConsume();
            } catch (RuntimeException e) {
                LOG.debug("stopping consumer {}: {}", c.name(), e.getMessage());
            }
        }
        consumers.clear();
        producers.clear();
        try {
            plane.close();
        } finally {
            executor.shutdownNow();
            closeQuietly(nc);
        }
    }

    private static void closeQuietly(Connection nc) {
        try {
            nc.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Memphis{" + options.address() + ", plane=" + plane.kind() + ", connectionId=" + connectionId + "}";
    }
}
