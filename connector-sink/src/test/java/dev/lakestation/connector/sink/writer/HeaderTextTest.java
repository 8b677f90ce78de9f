package dev.lakestation.connector.sink.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;

/** Message ids and headers the sink refuses up front are exactly those jnats would refuse when sending. */
class HeaderTextTest {

    @Test
    void aNonAsciiMessageIdIsNamedWithTheCharacterAndItsIndex() {
        assertThatThrownBy(() -> RecordConverter.checkHeaderText("orders", "message id '%s'", "id-é", "id-é", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("station orders: message id 'id-é': character U+00E9 at index 3 cannot be sent, NATS "
                        + "headers hold values of US-ASCII without line breaks");
    }

    @Test
    void theRulesAreJnatsRules() {
        for (int c = 0; c < 0x180; c++) {
            String text = "a" + (char) c + "b";
            boolean jnatsValue = accepted(() -> new Headers().add("k", text));
            boolean ourValue = accepted(() -> RecordConverter.checkHeaderText("s", "v", null, text, false));
            assertThat(ourValue).as("value with U+%04X", c).isEqualTo(jnatsValue);
            boolean jnatsName = accepted(() -> new Headers().add(text, "v"));
            boolean ourName = accepted(() -> RecordConverter.checkHeaderText("s", "n", null, text, true));
            assertThat(ourName).as("name with U+%04X", c).isEqualTo(jnatsName);
        }
        assertThat(accepted(() -> RecordConverter.checkHeaderText("s", "id", null, "id-😀", false))).isFalse();
        assertThatCode(() -> RecordConverter.checkHeaderText("s", "id", null, "orders:1:42", false))
                .doesNotThrowAnyException();
    }

    private static boolean accepted(Runnable r) {
        try {
            r.run();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
