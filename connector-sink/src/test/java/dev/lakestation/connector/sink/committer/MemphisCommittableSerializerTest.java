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
    void refusesUnknownVersions() {
        assertThatThrownBy(() -> serializer.deserialize(99, new byte[4]))
                .hasMessageContaining("unknown MemphisCommittable version 99");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
