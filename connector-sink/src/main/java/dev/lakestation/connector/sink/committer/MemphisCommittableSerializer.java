package dev.lakestation.connector.sink.committer;

import dev.lakestation.connector.sink.internal.OutgoingMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Versioned binary form of {@link MemphisCommittable} for checkpoints (version 1). */
public final class MemphisCommittableSerializer implements SimpleVersionedSerializer<MemphisCommittable> {
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(MemphisCommittable committable) throws IOException {
        int estimate = 16;
        for (OutgoingMessage m : committable.messages()) {
            estimate += m.payload().length + 64;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(estimate);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(committable.size());
        String lastStation = null;
        for (OutgoingMessage m : committable.messages()) {
            // station names repeat: write one only when it changes
            if (m.station().equals(lastStation)) {
                out.writeBoolean(false);
            } else {
                out.writeBoolean(true);
                out.writeUTF(m.station());
                lastStation = m.station();
            }
            out.writeInt(m.partition());
            out.writeBoolean(m.messageId() != null);
            if (m.messageId() != null) {
                out.writeUTF(m.messageId());
            }
            out.writeInt(m.headers().size());
            for (Map.Entry<String, String> h : m.headers().entrySet()) {
                out.writeUTF(h.getKey());
                out.writeUTF(h.getValue());
            }
            out.writeInt(m.payload().length);
            out.write(m.payload());
        }
        out.flush();
        return bytes.toByteArray();
    }

    @Override
    public MemphisCommittable deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown MemphisCommittable version " + version + " (this build reads " + VERSION + ")");
        }
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
}
