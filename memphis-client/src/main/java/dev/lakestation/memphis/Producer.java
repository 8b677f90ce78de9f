package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;
import dev.lakestation.memphis.internal.StationNames;
import dev.lakestation.memphis.schemaverse.SchemaValidator;
import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * Produces messages to one station or several (each message goes to every station in turn).
 *
 * <pre>{@code
 * try (Producer producer = memphis.producer("orders", "web")) {
 *     producer.produce("hello");                                       // blocking, waits for the ack
 *     producer.produce(order, ProduceOptions.msgId("order-42"));      // JSON via Jackson, idempotent
 *     producer.produceAsync(bytes, ProduceOptions.partitionKey("customer-7"))
 *             .whenComplete((ack, err) -> ...);                       // bounded in-flight
 * }
 * }</pre>
 *
 * Every message carries {@code $memphis_connectionId} and {@code $memphis_producedBy}; a message id
 * is set as both {@code msg-id} (Memphis) and {@code Nats-Msg-Id} (JetStream). The partition is chosen
 * by key (murmur3 seed 31 as the Go/Python SDKs), by explicit number (checked against the station's
 * partitions list), by the message id when there is neither (the same murmur3 mapping, so a retry
 * reaches the partition stream that remembers the id), or round robin. Thread-safe.
 */
@PublicEvolving
public final class Producer implements AutoCloseable {
    private final Memphis memphis;
    private final String name;
    private final ProducerOptions options;
    private final Target[] targets;
    private final JetStream js;
    private final Semaphore inFlight;
    private final long ackWaitNanos;
    private volatile boolean destroyed;

    Producer(Memphis memphis, ProducerOptions options, String name, List<StationState> states) {
        this.memphis = memphis;
        this.options = options;
        this.name = name;
        this.js = memphis.jetStream();
        this.inFlight = new Semaphore(options.maxInFlight());
        this.ackWaitNanos = options.ackWait().toNanos();
        this.targets = new Target[states.size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = new Target(states.get(i));
        }
    }

    /** Producer name (with its suffix when generated). */
    public String name() {
        return name;
    }

    public List<String> stations() {
        return options.stations();
    }

    /** The station's partitions list as this producer sees it. */
    public List<Integer> partitions(String station) {
        for (Target t : targets) {
            if (t.state.name.equals(station)) {
                return t.state.info().partitions();
            }
        }
        throw new IllegalArgumentException("producer '" + name + "' does not produce to station '" + station + "'");
    }

    /** Produces and waits for the acknowledgement; returns the last station's ack. */
    public PublishAck produce(Object message) {
        return produce(message, ProduceOptions.NONE);
    }

    /**
     * Produces {@code byte[]} as is, a {@link String} as UTF-8, anything else as JSON (Jackson), and
     * waits for the acknowledgement of every station.
     *
     * @throws MemphisException (typed) when the message is refused, too large, fails its schema,
     *     targets a missing partition, or is not acknowledged within the ack wait
     */
    public PublishAck produce(Object message, ProduceOptions opts) {
        CompletableFuture<PublishAck> f = produceAsync(message, opts);
        try {
            return f.get(ackWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MemphisException("interrupted while producing to " + options.stations(), e);
        } catch (TimeoutException e) {
            throw new MemphisTimeoutException("no acknowledgement within " + options.ackWait() + " for producer '"
                    + name + "' on " + options.stations(), e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    /** Async produce without options. */
    public CompletableFuture<PublishAck> produceAsync(Object message) {
        return produceAsync(message, ProduceOptions.NONE);
    }

    /**
     * Publishes without waiting for the acknowledgement. At most {@code maxInFlight} messages are
     * outstanding: beyond that the call blocks for room up to the ack wait. Problems found before
     * publishing (refused input, schema, partition, size) are thrown; broker-side failures and
     * missing acknowledgements complete the future exceptionally with a {@link MemphisException}.
     */
    public CompletableFuture<PublishAck> produceAsync(Object message, ProduceOptions opts) {
        if (destroyed) {
            throw new MemphisException("producer '" + name + "' is destroyed");
        }
        byte[] data = toBytes(message);
        ProduceOptions o = opts == null ? ProduceOptions.NONE : opts;
        if (targets.length == 1) {
            return publish(targets[0], data, o);
        }
        CompletableFuture<?>[] all = new CompletableFuture<?>[targets.length];
        for (int i = 0; i < targets.length; i++) {
            all[i] = publish(targets[i], data, o);
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<PublishAck> last = (CompletableFuture<PublishAck>) all[all.length - 1];
        return CompletableFuture.allOf(all).thenCompose(v -> last);
    }

    private CompletableFuture<PublishAck> publish(Target t, byte[] data, ProduceOptions o) {
        StationState st = t.state;
        int[] partitions = st.partitions();
        String[] subjects = st.subjects();
        int index = t.chooseIndex(o, partitions);
        int partition = partitions.length == 0 ? StationNames.LEGACY : partitions[index];
        Headers headers = o.plain() ? t.baseHeaders : t.headersFor(o);
        SchemaValidator validator = st.validator();
        if (validator != null) {
            try {
                validator.validate(data);
            } catch (SchemaValidationException e) {
                String failure = "Schema validation has failed: station '" + st.name + "' partition " + partition + ": "
                        + e.getMessage();
                if (st.schemaverseToDls()) {
                    try {
                        memphis.plane().schemaDeadLetter(st, name, partition, headers, data, e.getMessage());
                    } catch (RuntimeException dlsError) {
                        // the violation is what the caller must see; the failed dead letter is said, not hidden
                        SchemaValidationException x = new SchemaValidationException(failure
                                + " (and it could not be dead-lettered: " + dlsError.getMessage() + ")", e);
                        x.addSuppressed(dlsError);
                        throw x;
                    }
                }
                throw new SchemaValidationException(failure, e);
            }
        }
        // the server limits payload plus headers: checking the data alone would let a message through
        // that jnats then refuses with a bare IllegalArgumentException
        long maxPayload = memphis.maxPayload();
        long size = data.length + (long) headers.serializedLength();
        if (maxPayload > 0 && size > maxPayload) {
            throw new MessageTooLargeException(st.name, partition, size, maxPayload);
        }
        try {
            if (!inFlight.tryAcquire(ackWaitNanos, TimeUnit.NANOSECONDS)) {
                throw new MemphisTimeoutException("producer '" + name + "': " + options.maxInFlight()
                        + " messages still unacknowledged after " + options.ackWait() + " on station '" + st.name
                        + "'", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MemphisException("interrupted while waiting for room to produce to station '" + st.name + "'", e);
        }
        CompletableFuture<PublishAck> f;
        try {
            f = js.publishAsync(subjects[index], headers, data);
        } catch (IllegalArgumentException e) {
            inFlight.release();
            if (String.valueOf(e.getMessage()).toLowerCase().contains("exceed")) {
                throw new MessageTooLargeException(st.name, partition, size, maxPayload);
            }
            throw new ProduceException("cannot produce to station '" + st.name + "' partition " + partition + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            inFlight.release();
            throw new ProduceException("cannot produce to station '" + st.name + "' partition " + partition + ": "
                    + e.getMessage(), e);
        }
        return f.handle(t.completer(index, partition));
    }

    /**
     * Writes a message that failed the station's schema to the station's schema dead-letter path, as
     * {@link #produce} does for a payload it refuses, but <b>without producing it to the station</b>
     * and without validating it again: for callers that validated earlier and dead-letter later (a
     * connector that checked the record at write time and dead-letters it after a checkpoint, when
     * the station's schema may have changed). On a Memphis broker this is the
     * {@code $memphis_schemaverse_dls} message the SDKs send; on plain JetStream the station's
     * {@code dls_station} or its {@code <internal>$dls} stream, deduplicated by the message id.
     *
     * <pre>{@code
     * producer.deadLetterSchemaFailure(bytes, ProduceOptions.builder().msgId("order-7").partitionNumber(2).build(),
     *         "required property 'id' not found");
     * }</pre>
     *
     * The partition recorded with the dead letter is chosen as for {@code produce} (explicit number,
     * key, message id, round robin).
     *
     * @throws MemphisException when the station does not send schema failures to its dead-letter
     *     station (nothing is written) or the dead letter cannot be written
     */
    public void deadLetterSchemaFailure(Object message, ProduceOptions opts, String validationError) {
        if (destroyed) {
            throw new MemphisException("producer '" + name + "' is destroyed");
        }
        byte[] data = toBytes(message);
        ProduceOptions o = opts == null ? ProduceOptions.NONE : opts;
        for (Target t : targets) { // all or nothing: check every station before writing to any
            if (!t.state.schemaverseToDls()) {
                throw new MemphisException("station '" + t.state.name + "' does not send schema failures to its"
                        + " dead-letter station: the message was not dead-lettered");
            }
        }
        for (Target t : targets) {
            StationState st = t.state;
            int[] partitions = st.partitions();
            int index = t.chooseIndex(o, partitions);
            int partition = partitions.length == 0 ? StationNames.LEGACY : partitions[index];
            Headers headers = o.plain() ? t.baseHeaders : t.headersFor(o);
            memphis.plane().schemaDeadLetter(st, name, partition, headers, data, validationError);
        }
    }

    private static byte[] toBytes(Object message) {
        if (message instanceof byte[] b) {
            return b;
        }
        if (message instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        if (message == null) {
            throw new IllegalArgumentException("message can not be null");
        }
        return WireJson.bytes(message);
    }

    private static MemphisException unwrap(Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return c instanceof MemphisException m ? m : new ProduceException(String.valueOf(c.getMessage()), c);
    }

    /** Waits until every async message produced so far is acknowledged (or failed). */
    public void flush() {
        try {
            if (!inFlight.tryAcquire(options.maxInFlight(), ackWaitNanos * 2, TimeUnit.NANOSECONDS)) {
                throw new MemphisTimeoutException("producer '" + name + "': acknowledgements still outstanding after "
                        + options.ackWait().multipliedBy(2), null);
            }
            inFlight.release(options.maxInFlight());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MemphisException("interrupted while flushing producer '" + name + "'", e);
        }
    }

    /** Unregisters the producer (on a broker) and removes it from the client's producer cache. */
    public void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        memphis.forgetProducer(this);
        for (Target t : targets) {
            memphis.plane().destroyProducer(t.state.name, name);
        }
    }

    /** Same as {@link #destroy()}. */
    @Override
    public void close() {
        destroy();
    }

    ProducerOptions options() {
        return options;
    }

    /** Per-station state of this producer: headers, round robin, ack completers. */
    private final class Target {
        final StationState state;
        final Headers baseHeaders;
        final AtomicInteger roundRobin = new AtomicInteger();
        volatile Completer[] completers = new Completer[0];

        Target(StationState state) {
            this.state = state;
            Headers h = new Headers();
            h.put(MemphisHeaders.CONNECTION_ID, memphis.connectionId());
            h.put(MemphisHeaders.PRODUCED_BY, name);
            this.baseHeaders = new Headers(h, true);
        }

        int chooseIndex(ProduceOptions o, int[] partitions) {
            int n = partitions.length;
            if (n <= 1) {
                if (o.partitionNumber() >= 0 && (n == 0 ? o.partitionNumber() != StationNames.LEGACY
                        : partitions[0] != o.partitionNumber())) {
                    throw new PartitionNotFoundException(state.name, o.partitionNumber(), state.info().partitions());
                }
                return 0;
            }
            if (o.partitionKey() != null) {
                return PartitionKeys.index(o.partitionKey(), n);
            }
            if (o.partitionNumber() >= 0) {
                int i = state.indexOf(o.partitionNumber());
                if (i < 0) {
                    throw new PartitionNotFoundException(state.name, o.partitionNumber(), state.info().partitions());
                }
                return i;
            }
            if (o.msgId() != null) {
                // JetStream deduplicates per stream, i.e. per partition: a retry must reach the partition
                // of the first copy. The Go/Python SDKs go round robin here and lose the deduplication.
                return PartitionKeys.index(o.msgId(), n);
            }
            return Math.floorMod(roundRobin.getAndIncrement(), n);
        }

        Headers headersFor(ProduceOptions o) {
            Headers h = new Headers();
            for (Map.Entry<String, String> e : o.headers().entrySet()) {
                h.put(e.getKey(), e.getValue());
            }
            h.put(MemphisHeaders.CONNECTION_ID, memphis.connectionId());
            h.put(MemphisHeaders.PRODUCED_BY, name);
            if (o.msgId() != null) {
                h.put(MemphisHeaders.MSG_ID, o.msgId());
                h.put(MemphisHeaders.NATS_MSG_ID, o.msgId());
            }
            return h;
        }

        Completer completer(int index, int partition) {
            Completer[] cs = completers;
            if (index < cs.length && cs[index] != null && cs[index].partition == partition) {
                return cs[index];
            }
            Completer[] grown = java.util.Arrays.copyOf(cs, Math.max(cs.length, index + 1));
            grown[index] = new Completer(state.name, partition);
            completers = grown;
            return grown[index];
        }
    }

    /** Releases the in-flight slot and turns a failure into a MemphisException naming station and partition. */
    private final class Completer implements BiFunction<PublishAck, Throwable, PublishAck> {
        final String station;
        final int partition;

        Completer(String station, int partition) {
            this.station = station;
            this.partition = partition;
        }

        @Override
        public PublishAck apply(PublishAck ack, Throwable error) {
            inFlight.release();
            if (error == null) {
                return ack;
            }
            Throwable c = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            String where = "producer '" + name + "' station '" + station + "' partition " + partition;
            if (c instanceof TimeoutException || c instanceof java.util.concurrent.CancellationException) {
                throw new CompletionException(new MemphisTimeoutException("no acknowledgement for " + where, c));
            }
            throw new CompletionException(new ProduceException("produce failed for " + where + ": " + c.getMessage(), c));
        }
    }
}
