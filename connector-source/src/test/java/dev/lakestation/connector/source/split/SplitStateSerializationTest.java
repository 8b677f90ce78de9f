package dev.lakestation.connector.source.split;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.connector.source.enumerator.MemphisEnumeratorState;
import dev.lakestation.connector.source.enumerator.MemphisEnumeratorStateSerializer;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitStateSerializationTest {

    @Test
    void sequenceRangesStayCompactAndExact() {
        SequenceRanges r = new SequenceRanges();
        for (long s = 1; s <= 100_000; s++) {
            r.add(s);
        }
        assertThat(r.rangeCount()).isEqualTo(1);
        assertThat(r.size()).isEqualTo(100_000);
        assertThat(r.remove(50_000)).isTrue();
        assertThat(r.remove(50_000)).isFalse();
        assertThat(r.rangeCount()).isEqualTo(2);
        assertThat(r.contains(49_999)).isTrue();
        assertThat(r.contains(50_000)).isFalse();
        r.add(50_000);
        assertThat(r.rangeCount()).isEqualTo(1);
        r.add(200_000);
        r.add(199_999);
        assertThat(r.toString()).isEqualTo("[1-100000,199999-200000]");
        assertThat(r.first()).isEqualTo(1);
        assertThat(r.last()).isEqualTo(200_000);
        assertThat(r.add(5)).isFalse();
        assertThat(r.removeRange(99_990, 199_999)).isEqualTo(11 + 1);
        assertThat(r.toString()).isEqualTo("[1-99989,200000]");
        assertThat(r.removeRange(0, 10)).isEqualTo(10);
        assertThat(r.size()).isEqualTo(99_979 + 1);
    }

    @Test
    void splitRoundTripsWithPendingAcks() throws Exception {
        SequenceRanges pending = new SequenceRanges();
        pending.addRange(10, 20);
        pending.add(25);
        MemphisPartitionSplit split = new MemphisPartitionSplit("orders.eu", 3, 99, MemphisPartitionSplit.NO_STOP,
                25, pending);
        MemphisPartitionSplitSerializer ser = MemphisPartitionSplitSerializer.INSTANCE;
        MemphisPartitionSplit back = ser.deserialize(ser.getVersion(), ser.serialize(split));
        assertThat(back).isEqualTo(split);
        assertThat(back.splitId()).isEqualTo("orders.eu#3");
        assertThat(back.streamName()).isEqualTo("orders#eu$3");
        assertThat(back.dataSubject()).isEqualTo("orders#eu$3.final");
        assertThat(back.pendingAcks().size()).isEqualTo(12);
        assertThat(back.isBounded()).isTrue();
    }

    @Test
    void enumeratorStateRoundTrips() throws Exception {
        MemphisEnumeratorState state = new MemphisEnumeratorState(Set.of("a#1", "a#2", "b#0"));
        MemphisEnumeratorStateSerializer ser = new MemphisEnumeratorStateSerializer();
        assertThat(ser.deserialize(ser.getVersion(), ser.serialize(state))).isEqualTo(state);
    }

    @Test
    void splitStateTracksEmittedAndConfirmedAcks() {
        SequenceRanges restored = new SequenceRanges();
        restored.addRange(1, 3);
        MemphisPartitionSplitState s = new MemphisPartitionSplitState(
                new MemphisPartitionSplit("st", 1, MemphisPartitionSplit.NO_STOP, MemphisPartitionSplit.NO_STOP, 3,
                        restored));
        assertThat(s.isRestoredPending(2)).isTrue();
        assertThat(s.recordDelivery(4, "$JS.ACK.x.4")).isTrue();
        assertThat(s.recordDelivery(4, "$JS.ACK.x.4b")).as("redelivery in this incarnation").isFalse();
        assertThat(s.replyTo(4)).isEqualTo("$JS.ACK.x.4b");
        s.emitted(4);
        assertThat(s.toSplit().pendingAcks().toString()).isEqualTo("[1-4]");
        s.ackConfirmed(2);
        s.ackConfirmed(4);
        assertThat(s.isRestoredPending(2)).isFalse();
        assertThat(s.toSplit().pendingAcks().toString()).isEqualTo("[1,3]");
        assertThat(s.lastAckedSeq()).isEqualTo(4);
        assertThat(s.lastEmittedSeq()).isEqualTo(4);
        assertThat(s.inFlightCount()).isZero();
        s.recordDelivery(5, "r5");
        s.recordDelivery(6, "r6");
        s.emitted(5);
        s.emitted(6);
        s.acksConfirmed(new long[] {1, 3, 5, 6});
        assertThat(s.toSplit().pendingAcks().isEmpty()).isTrue();
        assertThat(s.restoredPendingCount()).isZero();
        assertThat(s.lastAckedSeq()).isEqualTo(6);
        assertThat(s.inFlightCount()).isZero();
    }
}
