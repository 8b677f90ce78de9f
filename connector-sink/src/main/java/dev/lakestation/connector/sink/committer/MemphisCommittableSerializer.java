package dev.lakestation.connector.sink.committer;

import org.apache.flink.annotation.Internal;
import dev.lakestation.connector.sink.internal.OutgoingMessage;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Versioned binary form of {@link MemphisCommittable} for checkpoints.
 *
 * <p>Version 2 (written): a flag byte per message (new station, own id, headers, refused by the
 * schema), strings as length-prefixed UTF-8, generated ids stored once per batch as a prefix. Flink snapshots committables on the task thread, so this runs
 * once per buffered message per checkpoint and is kept to little more than a copy of the payload.
 * Version 1 (the previous form, {@code DataOutput.writeUTF} per field) is still read, so a job
 * restores from checkpoints taken before the upgrade.
 */
@Internal
public final class MemphisCommittableSerializer implements SimpleVersionedSerializer<MemphisCommittable> {
    private static final int VERSION = 2;
    private static final int NEW_STATION = 1;
    private static final int HAS_ID = 2;
    private static final int HAS_HEADERS = 4;
    private static final int REFUSED = 8;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(MemphisCommittable committable) {
        long estimate = 64;
        for (OutgoingMessage m : committable.messages()) {
            estimate += m.payload().length + 16;
        }
        Output out = new Output((int) Math.min(Integer.MAX_VALUE - 16, estimate));
        out.writeInt(committable.size());
        out.writeNullableString(committable.autoIdPrefix());
        String lastStation = null;
        int index = 0;
        for (OutgoingMessage m : committable.messages()) {
            // station names repeat: written only when they change
            boolean newStation = !m.station().equals(lastStation);
            int flags = (newStation ? NEW_STATION : 0) | (m.messageId() != null ? HAS_ID : 0)
                    | (m.headers().isEmpty() ? 0 : HAS_HEADERS) | (committable.isRefused(index) ? REFUSED : 0);
            index++;
            out.writeByte(flags);
            if (newStation) {
                out.writeString(m.station());
                lastStation = m.station();
            }
            out.writeInt(m.partition());
            if (m.messageId() != null) {
                out.writeString(m.messageId());
            }
            if (!m.headers().isEmpty()) {
                out.writeInt(m.headers().size());
                for (Map.Entry<String, String> h : m.headers().entrySet()) {
                    out.writeString(h.getKey());
                    out.writeString(h.getValue());
                }
            }
            out.writeBytes(m.payload());
        }
        return out.toByteArray();
    }

    @Override
    public MemphisCommittable deserialize(int version, byte[] serialized) throws IOException {
        if (version == 1) {
            return deserializeV1(serialized);
        }
        if (version != VERSION) {
            throw new IOException("unknown MemphisCommittable version " + version + " (this build reads 1 and " + VERSION + ")");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(serialized);
            int n = in.getInt();
            String prefix = readNullableString(in);
            List<OutgoingMessage> messages = new ArrayList<>(n);
            BitSet refused = new BitSet();
            String station = null;
            for (int i = 0; i < n; i++) {
                int flags = in.get();
                if ((flags & REFUSED) != 0) {
                    refused.set(i);
                }
                if ((flags & NEW_STATION) != 0) {
                    station = readString(in);
                }
                int partition = in.getInt();
                String id = (flags & HAS_ID) != 0 ? readString(in) : null;
                Map<String, String> headers = Map.of();
                if ((flags & HAS_HEADERS) != 0) {
                    int count = in.getInt();
                    headers = new LinkedHashMap<>();
                    for (int h = 0; h < count; h++) {
                        headers.put(readString(in), readString(in));
                    }
                }
                byte[] payload = new byte[in.getInt()];
                in.get(payload);
                messages.add(new OutgoingMessage(station, partition, id, headers, payload));
            }
            return new MemphisCommittable(messages, prefix, refused);
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            throw new IOException("truncated or corrupt MemphisCommittable (version 2, " + serialized.length + " bytes)", e);
        }
    }

    private static String readString(ByteBuffer in) {
        int len = in.getInt();
        String s = new String(in.array(), in.arrayOffset() + in.position(), len, StandardCharsets.UTF_8);
        in.position(in.position() + len);
        return s;
    }

    private static String readNullableString(ByteBuffer in) {
        return in.get() == 0 ? null : readString(in);
    }

    /** Version 1: ids stored per message with writeUTF. */
    private static MemphisCommittable deserializeV1(byte[] serialized) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
        int n = in.readInt();
        List<OutgoingMessage> messages = new ArrayList<>(n);
        String station = null;
        for (int i = 0; i < n; i++) {
            if (in.readBoolean()) {
                station = in.readUTF();
            }
            int partition = in.readInt();
            String id = in.readBoolean() ? in.readUTF() : null;
            int headerCount = in.readInt();
            Map<String, String> headers = headerCount == 0 ? Map.of() : new LinkedHashMap<>();
            for (int h = 0; h < headerCount; h++) {
                headers.put(in.readUTF(), in.readUTF());
            }
            byte[] payload = new byte[in.readInt()];
            in.readFully(payload);
            messages.add(new OutgoingMessage(station, partition, id, headers, payload));
        }
        return new MemphisCommittable(messages);
    }

    /** Growable big-endian byte array: no locking and no per-char encoding, unlike DataOutputStream's writeUTF. */
    private static final class Output {
        private byte[] buf;
        private int pos;

        Output(int capacity) {
            buf = new byte[Math.max(64, capacity)];
        }

        void ensure(int more) {
            if (pos + more > buf.length) {
                long wanted = Math.max((long) buf.length * 2, (long) pos + more);
                buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 16, wanted));
            }
        }

        void writeByte(int b) {
            ensure(1);
            buf[pos++] = (byte) b;
        }

        void writeInt(int v) {
            ensure(4);
            buf[pos++] = (byte) (v >>> 24);
            buf[pos++] = (byte) (v >>> 16);
            buf[pos++] = (byte) (v >>> 8);
            buf[pos++] = (byte) v;
        }

        void writeBytes(byte[] b) {
            ensure(4 + b.length);
            writeInt(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }

        void writeString(String s) {
            writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }

        void writeNullableString(String s) {
            if (s == null) {
                writeByte(0);
            } else {
                writeByte(1);
                writeString(s);
            }
        }

        byte[] toByteArray() {
            return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
        }
    }
}
