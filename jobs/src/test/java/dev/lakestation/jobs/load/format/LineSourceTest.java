package dev.lakestation.jobs.load.format;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LineSourceTest {
    /** Returns at most 3 bytes per read, so refills and compaction happen at every position. */
    private static InputStream trickle(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        };
    }

    private static String content(LineSource s) {
        return new String(s.buffer(), s.start, s.contentEnd - s.start, StandardCharsets.UTF_8);
    }

    @Test
    void tooLongLineIsTruncatedAndMemoryStaysBounded() throws Exception {
        LineSource s = new LineSource(trickle("short\n" + "a".repeat(40) + "\r\nend"), 0, 1, null, 16);
        assertThat(s.nextLine()).isTrue();
        assertThat(content(s)).isEqualTo("short");
        assertThat(s.nextLine()).isTrue();
        assertThat(s.truncated).isTrue();
        assertThat(s.offset).isEqualTo(6);
        assertThat(s.lineNo).isEqualTo(2);
        assertThat(s.nextLine()).isTrue();
        assertThat(content(s)).isEqualTo("end");
        assertThat(s.offset).isEqualTo(48);
        assertThat(s.lineNo).isEqualTo(3);
        assertThat(s.nextLine()).isFalse();
        assertThat(s.nextLine()).isFalse();
        assertThat(s.buffer().length).isLessThanOrEqualTo(16);
    }

    @Test
    void markKeepsRecordBytesContiguousUntilTheLimit() throws Exception {
        LineSource s = new LineSource(trickle("ab\ncd\nef\n0123456789\n0123456789\nz\n"), 0, 1, null, 16);
        s.nextLine();
        s.mark();
        s.nextLine();
        s.nextLine();
        assertThat(new String(s.buffer(), s.markPosition(), s.contentEnd - s.markPosition(), StandardCharsets.UTF_8))
                .isEqualTo("ab\ncd\nef");
        s.nextLine();
        s.nextLine();
        assertThat(s.markLost()).isTrue();
        assertThat(content(s)).isEqualTo("0123456789");
        s.unmark();
        assertThat(s.nextLine()).isTrue();
        assertThat(content(s)).isEqualTo("z");
        assertThat(s.offset).isEqualTo(31);
    }
}
