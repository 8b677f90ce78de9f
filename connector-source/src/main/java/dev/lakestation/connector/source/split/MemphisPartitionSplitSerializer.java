package dev.lakestation.connector.source.split;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Binary form of {@link MemphisPartitionSplit}. Version 2 adds the done sequences (watermark +
 * exceptions); version 1 (pending acks only) is still read, its watermark is learned from the group's
 * ack floor when the split is opened.
 */
@Internal
public final class MemphisPartitionSplitSerializer implements SimpleVersionedSerializer<MemphisPartitionSplit> {
    public static final MemphisPartitionSplitSerializer INSTANCE = new MemphisPartitionSplitSerializer();
    private static final int VERSION = 2;
    private static final int VERSION_PENDING_ONLY = 1;

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
        split.emittedUnsafe().write(out);
    }

    @Override
    public MemphisPartitionSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION && version != VERSION_PENDING_ONLY) {
            throw new IOException("unknown MemphisPartitionSplit serializer version " + version
                    + " (this connector writes " + VERSION + ")");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return read(in, version);
        }
    }

    static MemphisPartitionSplit read(DataInputStream in, int version) throws IOException {
        String station = in.readUTF();
        int partition = in.readInt();
        long stopSeq = in.readLong();
        long stopTs = in.readLong();
        long lastEmitted = in.readLong();
        SequenceRanges pending = SequenceRanges.read(in);
        if (version == VERSION_PENDING_ONLY) {
            return new MemphisPartitionSplit(station, partition, stopSeq, stopTs, lastEmitted, pending);
        }
        return new MemphisPartitionSplit(station, partition, stopSeq, stopTs, lastEmitted, pending,
                EmittedSequences.read(in));
    }
}
