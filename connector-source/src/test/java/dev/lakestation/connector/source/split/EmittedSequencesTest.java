package dev.lakestation.connector.source.split;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.connector.source.split.MemphisPartitionSplitState.Delivery;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

/** The done-sequence bookkeeping that decides, whatever the broker says, whether a delivery is new. */
class EmittedSequencesTest {

    private static MemphisPartitionSplit fresh() {
        return new MemphisPartitionSplit("orders", 1, MemphisPartitionSplit.NO_STOP, MemphisPartitionSplit.NO_STOP);
    }

    /** Emits {@code seq} as the reader does: delivered, handed to Flink. */
    private static void deliverAndEmit(MemphisPartitionSplitState s, long seq) {
        assertThat(s.onDelivery(seq, "r" + seq)).as("first delivery of %d", seq).isEqualTo(Delivery.NEW);
        s.emitted(seq);
    }

    @Test
    void inOrderEmissionOnlyMovesTheWatermark() {
        EmittedSequences e = EmittedSequences.startingAfter(0);
        for (long s = 1; s <= 1_000_000; s++) {
            assertThat(e.add(s)).isTrue();
        }
        assertThat(e.watermark()).isEqualTo(1_000_000);
        assertThat(e.exceptionRanges()).isZero();
        assertThat(e.add(17)).isFalse();
        assertThat(e.contains(999_999)).isTrue();
        assertThat(e.contains(1_000_001)).isFalse();
        assertThat(e.resumeSequence()).isEqualTo(1_000_001);
    }

    @Test
    void outOfOrderEmissionKeepsExceptionsUntilTheGapCloses() {
        EmittedSequences e = EmittedSequences.startingAfter(100);
        e.add(101);
        e.add(105);
        e.add(104);
        e.add(107);
        assertThat(e.watermark()).isEqualTo(101);
        assertThat(e.toString()).isEqualTo("≤101 + [104-105,107]");
        assertThat(e.contains(102)).isFalse();
        assertThat(e.contains(104)).isTrue();
        e.add(103);
        e.add(102);
        assertThat(e.watermark()).isEqualTo(105);
        assertThat(e.toString()).isEqualTo("≤105 + [107]");
        e.add(106);
        assertThat(e.watermark()).isEqualTo(107);
        assertThat(e.exceptionRanges()).isZero();
    }

    @Test
    void compactionKeepsStateSmallWithPermanentGaps() throws Exception {
        EmittedSequences e = EmittedSequences.startingAfter(0);
        // 100,000 messages, every 1,000th never delivered (dead-lettered by the broker)
        for (long s = 1; s <= 100_000; s++) {
            if (s % 1000 != 0) {
                e.add(s);
            }
        }
        assertThat(e.exceptionRanges()).as("one range per gap, not per message").isEqualTo(99);
        // the broker's ack floor passed the gaps: they never come back
        e.advanceTo(99_000);
        assertThat(e.watermark()).isEqualTo(99_999);
        assertThat(e.exceptionRanges()).isZero();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        e.write(new DataOutputStream(bytes));
        assertThat(bytes.size()).isLessThan(16);
        e.advanceTo(50); // going back is ignored
        assertThat(e.watermark()).isEqualTo(99_999);
    }

    @Test
    void redeliveriesOutOfOrderAndWithAnyDeliveryCountAreDropped() {
        MemphisPartitionSplitState s = new MemphisPartitionSplitState(fresh());
        s.doneUpTo(0);
        for (long seq = 1; seq <= 10; seq++) {
            deliverAndEmit(s, seq);
        }
        // checkpoint completed, acks 1..6 confirmed
        s.acksConfirmed(new long[] {1, 2, 3, 4, 5, 6});
        // the broker crashed and lost acks and deliveries: it sends 9, 3, 7, 1 again (out of order)
        assertThat(s.onDelivery(9, "r9b")).as("emitted, ack still due").isEqualTo(Delivery.WAITING);
        assertThat(s.replyTo(9)).as("the new reply subject is used for the ack").isEqualTo("r9b");
        assertThat(s.onDelivery(3, "r3b")).as("acked before, the broker forgot").isEqualTo(Delivery.DONE);
        assertThat(s.onDelivery(7, "r7b")).isEqualTo(Delivery.WAITING);
        assertThat(s.onDelivery(1, "r1b")).isEqualTo(Delivery.DONE);
        assertThat(s.onDelivery(11, "r11")).isEqualTo(Delivery.NEW);
    }

    @Test
    void deliveryBelowTheWatermarkWithDeliveryCountOneIsDroppedAfterRestore() throws Exception {
        MemphisPartitionSplitState s = new MemphisPartitionSplitState(fresh());
        s.doneUpTo(0);
        for (long seq = 1; seq <= 500; seq++) {
            deliverAndEmit(s, seq);
        }
        MemphisPartitionSplit checkpoint = s.toSplit();
        long[] all = new long[500];
        for (int i = 0; i < 500; i++) {
            all[i] = i + 1;
        }
        s.acksConfirmed(all);
        MemphisPartitionSplitSerializer ser = MemphisPartitionSplitSerializer.INSTANCE;
        MemphisPartitionSplitState restored =
                new MemphisPartitionSplitState(ser.deserialize(ser.getVersion(), ser.serialize(s.toSplit())));
        // the broker's 'delivered' went back to 300: 301.. come as first deliveries (count 1)
        for (long seq = 301; seq <= 500; seq++) {
            assertThat(restored.onDelivery(seq, "new" + seq)).isEqualTo(Delivery.DONE);
        }
        assertThat(restored.onDelivery(501, "r501")).isEqualTo(Delivery.NEW);
        assertThat(restored.resumeSequence()).isEqualTo(501);
        // the older checkpoint (acks not confirmed yet) drops them too: they are its restored pending set
        MemphisPartitionSplitState fromCheckpoint =
                new MemphisPartitionSplitState(ser.deserialize(ser.getVersion(), ser.serialize(checkpoint)));
        assertThat(fromCheckpoint.onDelivery(42, "x")).isEqualTo(Delivery.DONE);
    }

    @Test
    void restoreFromAnOlderCheckpointEmitsWhatItDoesNotHold() throws Exception {
        MemphisPartitionSplitState s = new MemphisPartitionSplitState(fresh());
        s.doneUpTo(0);
        for (long seq = 1; seq <= 100; seq++) {
            deliverAndEmit(s, seq);
        }
        MemphisPartitionSplit older = s.toSplit();
        for (long seq = 101; seq <= 200; seq++) {
            deliverAndEmit(s, seq);
        }
        MemphisPartitionSplitSerializer ser = MemphisPartitionSplitSerializer.INSTANCE;
        MemphisPartitionSplitState restored =
                new MemphisPartitionSplitState(ser.deserialize(ser.getVersion(), ser.serialize(older)));
        assertThat(restored.onDelivery(100, "a")).isEqualTo(Delivery.DONE);
        assertThat(restored.onDelivery(150, "b")).as("not in the restored state: emitted again").isEqualTo(Delivery.NEW);
        assertThat(restored.resumeSequence()).isEqualTo(101);
    }

    @Test
    void version1StateIsReadAndLearnsItsWatermark() throws Exception {
        SequenceRanges pending = new SequenceRanges();
        pending.addRange(11, 20);
        MemphisPartitionSplit v1 = new MemphisPartitionSplit("orders", 2, MemphisPartitionSplit.NO_STOP,
                MemphisPartitionSplit.NO_STOP, 20, pending);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            // format version 1: no done sequences
            out.writeUTF("orders");
            out.writeInt(2);
            out.writeLong(MemphisPartitionSplit.NO_STOP);
            out.writeLong(MemphisPartitionSplit.NO_STOP);
            out.writeLong(20);
            pending.write(out);
        }
        MemphisPartitionSplit back = MemphisPartitionSplitSerializer.INSTANCE.deserialize(1, bytes.toByteArray());
        assertThat(back).isEqualTo(v1);
        MemphisPartitionSplitState s = new MemphisPartitionSplitState(back);
        assertThat(s.watermarkKnown()).isFalse();
        assertThat(s.onDelivery(15, "r")).isEqualTo(Delivery.DONE);
        s.doneUpTo(10); // the group's ack floor when the split opens
        assertThat(s.done().toString()).isEqualTo("≤20");
        assertThat(s.onDelivery(21, "r21")).isEqualTo(Delivery.NEW);
    }
}
