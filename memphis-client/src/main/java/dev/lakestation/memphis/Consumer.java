package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;
import dev.lakestation.memphis.internal.StationNames;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A member of a consumer group. Each fetch pulls one batch from one partition: the partition of the
 * configured key or number, or the next one round robin.
 *
 * <pre>{@code
 * Consumer consumer = memphis.consumer("orders", "billing");
 * consumer.setContext(Map.of("db", db));
 * consumer.consume((messages, error, ctx) -> messages.forEach(MemphisMessage::ack));
 * ...
 * consumer.stopConsume();
 * consumer.destroy();          // the group's durable (its position) stays
 * }</pre>
 */
@PublicEvolving
public final class Consumer implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Consumer.class);
    private final Memphis memphis;
    private final ConsumerOptions options;
    private final String name;
    private final StationState state;
    private final String durable;
    private final JetStream js;
    private final Map<Integer, JetStreamSubscription> subscriptions = new ConcurrentHashMap<>();
    /** Poison messages a broker resends over core NATS; delivered ahead of fetched ones. */
    private final java.util.Queue<Message> resent = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private io.nats.client.Dispatcher resendDispatcher;
    private final ReentrantLock fetchLock = new ReentrantLock();
    private final ReentrantLock loopLock = new ReentrantLock();
    private final Condition stopped = loopLock.newCondition();
    private final int fixedIndex;
    private int roundRobin;
    private volatile Map<String, Object> context = Map.of();
    private volatile Thread loop;
    private volatile boolean running;
    private volatile boolean destroyed;
    private CompletableFuture<List<MemphisMessage>> prefetched;

    Consumer(Memphis memphis, ConsumerOptions options, String name, List<Integer> partitions) {
        this.memphis = memphis;
        this.options = options;
        this.name = name;
        this.js = memphis.jetStream();
        this.state = memphis.plane().stationState(options.station());
        this.durable = StationNames.durableName(options.group());
        if (options.partitionKey() != null && !partitions.isEmpty()) {
            this.fixedIndex = PartitionKeys.index(options.partitionKey(), partitions.size());
        } else if (options.partitionNumber() >= 0) {
            int i = partitions.indexOf(options.partitionNumber());
            if (i < 0 && !(partitions.isEmpty() && options.partitionNumber() == StationNames.LEGACY)) {
                throw new PartitionNotFoundException(options.station(), options.partitionNumber(), partitions);
            }
            this.fixedIndex = Math.max(i, 0);
        } else {
            this.fixedIndex = -1;
        }
        Plane.Resend resend = memphis.plane().poisonResend(station(), group());
        if (resend != null) {
            resendDispatcher = memphis.connection().createDispatcher();
            resendDispatcher.subscribe(resend.subject(), resend.queue(), resent::add);
        }
    }

    public String name() {
        return name;
    }

    public String station() {
        return options.station();
    }

    public String group() {
        return options.group();
    }

    public ConsumerOptions options() {
        return options;
    }

    /** The station's partitions list as this consumer sees it. */
    public List<Integer> partitions() {
        return state.info().partitions();
    }

    /** Object handed to every {@link MessageHandler} call. */
    public void setContext(Map<String, Object> context) {
        this.context = context == null ? Map.of() : context;
    }

    public Map<String, Object> context() {
        return context;
    }

    /** One batch of the configured size. */
    public List<MemphisMessage> fetch() {
        return fetch(options.batchSize(), false);
    }

    /**
     * Fetches up to {@code batchSize} messages (waiting at most the batch max wait). With
     * {@code prefetch}, the next batch is fetched in the background and returned by the next call.
     */
    public List<MemphisMessage> fetch(int batchSize, boolean prefetch) {
        if (batchSize < 1 || batchSize > 5000) {
            throw new IllegalArgumentException("batch size should be between 1 and 5000, got " + batchSize);
        }
        if (destroyed) {
            throw new MemphisException("consumer '" + name + "' of station '" + station() + "' is destroyed");
        }
        fetchLock.lock();
        try {
            List<MemphisMessage> out;
            if (prefetched != null) {
                CompletableFuture<List<MemphisMessage>> p = prefetched;
                prefetched = null;
                out = join(p);
            } else {
                out = fetchOnce(batchSize);
            }
            if (prefetch) {
                prefetched = CompletableFuture.supplyAsync(() -> fetchOnce(batchSize), memphis.executor());
            }
            return out;
        } finally {
            fetchLock.unlock();
        }
    }

    private static List<MemphisMessage> join(CompletableFuture<List<MemphisMessage>> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof MemphisException m ? m : new MemphisException(e.getCause().getMessage(), e.getCause());
        }
    }

    private List<MemphisMessage> fetchOnce(int batchSize) {
        if (!resent.isEmpty()) {
            List<MemphisMessage> out = new ArrayList<>();
            Message m;
            while (out.size() < batchSize && (m = resent.poll()) != null) {
                out.add(new MemphisMessage(m, this, StationNames.LEGACY));
            }
            return out;
        }
        int[] partitions = state.partitions();
        int index;
        if (partitions.length <= 1) {
            index = 0;
        } else if (fixedIndex >= 0) {
            index = fixedIndex;
        } else {
            index = Math.floorMod(roundRobin++, partitions.length);
        }
        int partition = partitions.length == 0 ? StationNames.LEGACY : partitions[index];
        JetStreamSubscription sub = subscription(partition);
        List<Message> msgs;
        try {
            msgs = sub.fetch(batchSize, options.batchMaxWait());
        } catch (RuntimeException e) {
            throw new MemphisException("fetch from station '" + station() + "' partition " + partition + " for group '"
                    + group() + "' failed: " + e.getMessage(), e);
        }
        if (msgs.isEmpty()) {
            return List.of();
        }
        List<MemphisMessage> out = new ArrayList<>(msgs.size());
        for (Message m : msgs) {
            out.add(new MemphisMessage(m, this, partition));
        }
        return out;
    }

    private JetStreamSubscription subscription(int partition) {
        JetStreamSubscription sub = subscriptions.get(partition);
        if (sub != null) {
            return sub;
        }
        String stream = StationNames.streamName(station(), partition);
        try {
            sub = js.subscribe(null, PullSubscribeOptions.bind(stream, durable));
        } catch (IOException | JetStreamApiException e) {
            throw new MemphisException("cannot bind to consumer group '" + group() + "' on station '" + station()
                    + "' partition " + partition + " (stream " + stream + "): " + e.getMessage(), e);
        }
        subscriptions.put(partition, sub);
        return sub;
    }

    /**
     * Starts a background loop that fetches batches and hands non-empty ones (or errors) to the
     * handler, pausing the pull interval after an empty fetch. Runs until {@link #stopConsume()}.
     */
    public void consume(MessageHandler handler) {
        loopLock.lock();
        try {
            if (running) {
                throw new IllegalStateException("consumer '" + name + "' is already consuming");
            }
            running = true;
            Thread t = new Thread(() -> runLoop(handler), "memphis-consumer-" + station() + "-" + name);
            t.setDaemon(true);
            loop = t;
            t.start();
        } finally {
            loopLock.unlock();
        }
    }

    private void runLoop(MessageHandler handler) {
        long pauseNanos = options.pullInterval().toNanos();
        while (running) {
            List<MemphisMessage> batch;
            try {
                batch = fetch(options.batchSize(), false);
            } catch (RuntimeException e) {
                // the loop outlives any failed fetch (e.g. a bind while the broker restarts): report, pause, retry
                if (!running) {
                    break;
                }
                callHandler(handler, List.of(), e instanceof MemphisException m ? m
                        : new MemphisException("fetch from station '" + station() + "' failed: " + e, e));
                batch = List.of();
            }
            if (!batch.isEmpty()) {
                callHandler(handler, batch, null);
                continue;
            }
            loopLock.lock();
            try {
                long left = pauseNanos;
                while (running && left > 0) {
                    left = stopped.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                loopLock.unlock();
            }
        }
    }

    /** A throwing handler must not end the loop: its messages are redelivered after the ack wait. */
    private void callHandler(MessageHandler handler, List<MemphisMessage> batch, MemphisException error) {
        try {
            handler.handle(batch, error, context);
        } catch (RuntimeException e) {
            LOG.warn("message handler of consumer '{}' on station '{}' failed: {}", name, station(), e.toString());
        }
    }

    /** Stops the consume loop and waits for the running handler call to return. */
    public void stopConsume() {
        Thread t;
        loopLock.lock();
        try {
            running = false;
            stopped.signalAll();
            t = loop;
            loop = null;
        } finally {
            loopLock.unlock();
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops consuming and leaves the group; the group's durable (its position) is kept. */
    public void destroy() {
        destroy(false);
    }

    /**
     * Stops consuming and leaves the group. With {@code deleteGroup} the group's durable consumers are
     * deleted too (its position is lost for every member).
     */
    public void destroy(boolean deleteGroup) {
        if (destroyed) {
            return;
        }
        stopConsume();
        destroyed = true;
        for (JetStreamSubscription sub : subscriptions.values()) {
            try {
                sub.unsubscribe();
            } catch (RuntimeException ignored) {
                // connection closing
            }
        }
        subscriptions.clear();
        if (resendDispatcher != null) {
            try {
                memphis.connection().closeDispatcher(resendDispatcher);
            } catch (RuntimeException ignored) {
                // connection closing
            }
        }
        memphis.forgetConsumer(this);
        memphis.plane().destroyConsumer(station(), group(), name, deleteGroup);
    }

    /** Same as {@link #destroy()}: the durable is kept. */
    @Override
    public void close() {
        destroy(false);
    }

    StationState state() {
        return state;
    }

    Plane plane() {
        return memphis.plane();
    }

    /** Broker resends received and not yet handed out (tests wait on it: resends arrive asynchronously). */
    int resentPending() {
        return resent.size();
    }
}
