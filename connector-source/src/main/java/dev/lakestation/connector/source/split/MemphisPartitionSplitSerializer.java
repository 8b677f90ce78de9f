package dev.lakestation.connector.source.split;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Binary form of {@link MemphisPartitionSplit}; version 1. */
@Internal
public final class MemphisPartitionSplitSerializer implements SimpleVersionedSerializer<MemphisPartitionSplit> {
    public static final MemphisPartitionSplitSerializer INSTANCE = new MemphisPartitionSplitSerializer();
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(MemphisPartitionSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(split, out);
        }
        return bytes.toByteArray();
    }

    static void write(MemphisPartitionSplit split, DataOutputStream out) throws IOException {
        out.writeUTF(split.station());
        out.writeInt(split.partition());
        out.writeLong(split.stopSequence());
        out.writeLong(split.stopTimestampMillis());
        out.writeLong(split.lastEmittedSequence());
        split.pendingAcksUnsafe().write(out);
    }

    @Override
    public MemphisPartitionSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown MemphisPartitionSplit serializer version " + version
                    + " (this connector writes " + VERSION + ")");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return read(in);
        }
    }

    static MemphisPartitionSplit read(DataInputStream in) throws IOException {
        String station = in.readUTF();
        int partition = in.readInt();
        long stopSeq = in.readLong();
        long stopTs = in.readLong();
        long lastEmitted = in.readLong();
        SequenceRanges pending = SequenceRanges.read(in);
        return new MemphisPartitionSplit(station, partition, stopSeq, stopTs, lastEmitted, pending);
    }
}
