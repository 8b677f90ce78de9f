package dev.lakestation.connector.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AckSubjectTest {
    @Test
    void readsV1AndV2AckSubjects() {
        AckSubject a = new AckSubject();
        assertThat(a.parse("$JS.ACK.orders#eu$2.billing.3.1234.99.1700000000123456789.17")).isTrue();
        assertThat(a.deliveredCount).isEqualTo(3);
        assertThat(a.streamSequence).isEqualTo(1234);
        assertThat(a.timestampNanos).isEqualTo(1_700_000_000_123_456_789L);
        assertThat(a.parse("$JS.ACK.hub.ACCHASH.orders$1.g.1.42.40.1700000000000000000.0.rnd")).isTrue();
        assertThat(a.deliveredCount).isEqualTo(1);
        assertThat(a.streamSequence).isEqualTo(42);
        assertThat(a.timestampNanos).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(a.parse("$JS.ACK.hub.ACCHASH.orders$1.g.1.42.40.1700000000000000000.0")).isTrue();
        assertThat(a.parse("_INBOX.abc")).isFalse();
        assertThat(a.parse(null)).isFalse();
        assertThat(a.parse("$JS.ACK.s.c.x.1.2.3.4")).isFalse();
    }
}
