package dev.lakestation.connector.source.enumerator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Binary form of {@link MemphisEnumeratorState}; version 1. */
@Internal
public final class MemphisEnumeratorStateSerializer implements SimpleVersionedSerializer<MemphisEnumeratorState> {
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(MemphisEnumeratorState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(state.assignedSplitIds().size());
            for (String id : state.assignedSplitIds()) {
                out.writeUTF(id);
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public MemphisEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown MemphisEnumeratorState serializer version " + version);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            int n = in.readInt();
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < n; i++) {
                ids.add(in.readUTF());
            }
            return new MemphisEnumeratorState(ids);
        }
    }
}
