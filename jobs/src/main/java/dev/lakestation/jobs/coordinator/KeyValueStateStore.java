package dev.lakestation.jobs.coordinator;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.KeyValueOptions;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StorageType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * State in a JetStream key-value bucket (one key per project), for a coordinator with a broker: the state lives with
 * the events, not on the coordinator's disk. A save is one KV put, atomic on the server: a crash leaves the previous
 * or the new value. Saves are revision-checked ({@code update(key, value, lastRevision)}): if another process wrote
 * the key since this store read or wrote it, the save fails ({@link StateConflictException}) instead of silently
 * overwriting its decisions.
 *
 * <pre>{@code
 * StateStore store = new KeyValueStateStore(memphis.connection(), memphis.options().jetStreamOptions(),
 *         "lakestation_coordinator", "starbake");
 * }</pre>
 */
public final class KeyValueStateStore implements StateStore {

    /** Default bucket name. */
    public static final String DEFAULT_BUCKET = "lakestation_coordinator";

    private final KeyValue kv;
    private final String bucket;
    private final String key;
    private final long maxValueBytes;
    /** revision this store last read or wrote; 0: the key did not exist */
    private long revision = -1;

    /**
     * Opens (and creates, file storage) {@code bucket}.
     *
     * @param key the project's key, {@code [A-Za-z0-9_=/-]} and dots ({@link #keyFor} makes one from a name)
     */
    public KeyValueStateStore(Connection nc, JetStreamOptions jsOptions, String bucket, String key) {
        this.bucket = bucket;
        this.key = key;
        KeyValueOptions kvo = KeyValueOptions.builder().jetStreamOptions(jsOptions).build();
        try {
            KeyValueManagement kvm = nc.keyValueManagement(kvo);
            try {
                kvm.getStatus(bucket);
            } catch (JetStreamApiException missing) {
                try {
                    kvm.create(KeyValueConfiguration.builder().name(bucket).maxHistoryPerKey(5)
                            .storageType(StorageType.File).build());
                } catch (JetStreamApiException raced) {
                    kvm.getStatus(bucket); // another coordinator created it first
                }
            }
            this.kv = nc.keyValue(bucket, kvo);
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("coordinator state: cannot open key-value bucket " + bucket + ": "
                    + e.getMessage(), e);
        }
        this.maxValueBytes = nc.getServerInfo().getMaxPayload();
    }

    /** A valid KV key for a project name: characters other than letters, digits, {@code - _} become {@code _}. */
    public static String keyFor(String projectName) {
        String k = projectName.replaceAll("[^A-Za-z0-9_-]", "_");
        return "state." + (k.isEmpty() ? "default" : k);
    }

    @Override
    public synchronized Optional<CoordinatorState> load() {
        try {
            KeyValueEntry e = kv.get(key);
            if (e == null || e.getValue() == null) {
                revision = e == null ? 0 : e.getRevision();
                return Optional.empty();
            }
            revision = e.getRevision();
            return Optional.of(StateJson.read(new String(e.getValue(), StandardCharsets.UTF_8), where()));
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("coordinator state: cannot read " + where() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void save(CoordinatorState state) {
        byte[] bytes = StateJson.write(state).getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxValueBytes - 1024) {
            throw new IllegalStateException("coordinator state: " + where() + ": " + bytes.length
                    + " bytes exceed the server's max_payload (" + maxValueBytes + "): raise max_payload");
        }
        try {
            if (revision < 0) {
                load(); // first save without a load: learn the current revision (a fresh key is created)
            }
            revision = revision == 0 ? kv.create(key, bytes) : kv.update(key, bytes, revision);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == 10071 || e.getApiErrorCode() == 10164) { // wrong last sequence / exists
                throw new StateConflictException("coordinator state: " + where() + " was changed by another process "
                        + "since revision " + revision + ": is a second coordinator running on this project?", e);
            }
            throw new IllegalStateException("coordinator state: cannot write " + where() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("coordinator state: cannot write " + where() + ": " + e.getMessage(), e);
        }
    }

    private String where() {
        return "key-value bucket " + bucket + " key " + key;
    }
}
