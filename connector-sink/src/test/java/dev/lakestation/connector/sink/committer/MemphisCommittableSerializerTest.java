package dev.lakestation.connector.sink.committer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakestation.connector.sink.internal.OutgoingMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemphisCommittableSerializerTest {
    private final MemphisCommittableSerializer serializer = new MemphisCommittableSerializer();

    @Test
    void roundTripsEveryField() throws IOException {
        MemphisCommittable c = new MemphisCommittable(List.of(
                new OutgoingMessage("orders", 2, "job:0:3:1:0", Map.of("a", "1", "b", "2"), bytes("x")),
                new OutgoingMessage("orders", 3, null, Map.of(), bytes("")),
                new OutgoingMessage("other.station", 0, "id", Map.of("k", "ü"), bytes("{\"ü\":1}"))));
        MemphisCommittable back = serializer.deserialize(serializer.getVersion(), serializer.serialize(c));
        assertThat(back.size()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            OutgoingMessage a = c.messages().get(i);
            OutgoingMessage b = back.messages().get(i);
            assertThat(b.station()).isEqualTo(a.station());
            assertThat(b.partition()).isEqualTo(a.partition());
            assertThat(b.messageId()).isEqualTo(a.messageId());
            assertThat(b.headers()).isEqualTo(a.headers());
            assertThat(b.payload()).isEqualTo(a.payload());
            assertThat(b.subject()).isEqualTo(a.subject());
        }
        assertThat(back.messages().get(0).subject()).isEqualTo("orders$2.final");
        assertThat(back.messages().get(2).subject()).isEqualTo("other#station.final");
    }

    @Test
    void generatedIdsAreStoredOnceAndResolvedByPosition() throws IOException {
        MemphisCommittable c = new MemphisCommittable(List.of(
                new OutgoingMessage("orders", 1, null, Map.of(), bytes("a")),
                new OutgoingMessage("orders", 2, "own-id", Map.of(), bytes("b")),
                new OutgoingMessage("orders", 1, null, Map.of(), bytes("c"))), "job:0:3:7:");
        byte[] bytes = serializer.serialize(c);
        MemphisCommittable back = serializer.deserialize(serializer.getVersion(), bytes);
        assertThat(back.autoIdPrefix()).isEqualTo("job:0:3:7:");
        assertThat(List.of(back.messageId(0), back.messageId(1), back.messageId(2)))
                .containsExactly("job:0:3:7:0", "own-id", "job:0:3:7:2");
        assertThat(back.resolved(2).messageId()).isEqualTo("job:0:3:7:2");
        assertThat(back.resolved(2).payload()).isEqualTo(bytes("c"));
        // the prefix once, not once per message: 3 payloads + the own id + fixed overhead
        assertThat(bytes.length).isLessThan(80);
    }

    @Test
    void keepsWhichMessagesTheSchemaRefused() throws IOException {
        java.util.BitSet refused = new java.util.BitSet();
        refused.set(1);
        MemphisCommittable c = new MemphisCommittable(List.of(
                new OutgoingMessage("orders", 1, null, Map.of(), bytes("ok")),
                new OutgoingMessage("orders", 1, null, Map.of(), bytes("bad")),
                new OutgoingMessage("orders", 1, null, Map.of(), bytes("ok too"))), "job:0:0:2:", refused);
        MemphisCommittable back = serializer.deserialize(serializer.getVersion(), serializer.serialize(c));
        assertThat(List.of(back.isRefused(0), back.isRefused(1), back.isRefused(2))).containsExactly(false, true, false);
        assertThat(back.resolved(1).messageId()).isEqualTo("job:0:0:2:1");
    }

    @Test
    void readsVersionOneCheckpoints() throws IOException {
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(raw);
        out.writeInt(2);
        out.writeBoolean(true);
        out.writeUTF("orders");
        out.writeInt(2);
        out.writeBoolean(true);
        out.writeUTF("job:0:0:1:0");
        out.writeInt(1);
        out.writeUTF("k");
        out.writeUTF("ü");
        out.writeInt(1);
        out.write('x');
        out.writeBoolean(false);
        out.writeInt(3);
        out.writeBoolean(false);
        out.writeInt(0);
        out.writeInt(0);
        MemphisCommittable back = serializer.deserialize(1, raw.toByteArray());
        assertThat(back.size()).isEqualTo(2);
        assertThat(back.messageId(0)).isEqualTo("job:0:0:1:0");
        assertThat(back.messages().get(0).headers()).isEqualTo(Map.of("k", "ü"));
        assertThat(back.messages().get(1).station()).isEqualTo("orders");
        assertThat(back.messages().get(1).partition()).isEqualTo(3);
        assertThat(back.messageId(1)).isNull();
    }

    @Test
    void corruptBytesFailWithAClearError() {
        assertThatThrownBy(() -> serializer.deserialize(serializer.getVersion(), new byte[] {0, 0, 0, 5, 0}))
                .isInstanceOf(IOException.class).hasMessageContaining("truncated or corrupt");
    }

    @Test
    void refusesUnknownVersions() {
        assertThatThrownBy(() -> serializer.deserialize(99, new byte[4]))
                .hasMessageContaining("unknown MemphisCommittable version 99");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
