package dev.lakestation.jobs.load.format.position;

import dev.lakestation.jobs.load.format.RawRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static dev.lakestation.jobs.load.format.FormatTestSupport.position;
import static dev.lakestation.jobs.load.format.FormatTestSupport.readAll;
import static dev.lakestation.jobs.load.format.FormatTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

class PositionReaderTest {
    @TempDir
    Path dir;

    @Test
    void oneLineOneRecordWithEncodingsAndInvalidBytes() throws Exception {
        Path f = write(dir, "a.txt", "AB  12\r\n\nCD\u00e9 3".getBytes(StandardCharsets.ISO_8859_1));
        List<RawRecord> recs = readAll(position("ISO-8859-1"), f);
        assertThat(recs).extracting(r -> r.text).containsExactly("AB  12", "", "CD\u00e9 3");
        assertThat(recs).extracting(r -> r.offset).containsExactly(0L, 8L, 9L);
        List<RawRecord> asUtf8 = readAll(position("UTF-8"), f);
        assertThat(asUtf8.get(2).error).isEqualTo("invalid UTF-8 byte sequence at offset 11");
        assertThat(asUtf8.get(2).text).isNull();
        byte[] utf16 = "\uFEFFAB12\nCD34\n".getBytes(StandardCharsets.UTF_16BE);
        assertThat(readAll(position("UTF-16"), write(dir, "b.txt", utf16))).extracting(r -> r.text + "@" + r.offset)
                .containsExactly("AB12@2", "CD34@12");
        assertThat(readAll(position("UTF-8"), write(dir, "empty.txt", new byte[0]))).isEmpty();
    }
}
