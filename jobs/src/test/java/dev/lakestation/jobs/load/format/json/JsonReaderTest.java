package dev.lakestation.jobs.load.format.json;

import dev.lakestation.jobs.load.format.FormatSpec;
import dev.lakestation.jobs.load.format.MalformedInputFileException;
import dev.lakestation.jobs.load.format.RawRecord;
import dev.lakestation.jobs.load.format.RecordReader;
import dev.lakestation.jobs.load.format.Readers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.lakestation.jobs.load.format.FormatTestSupport.drain;
import static dev.lakestation.jobs.load.format.FormatTestSupport.flink;
import static dev.lakestation.jobs.load.format.FormatTestSupport.json;
import static dev.lakestation.jobs.load.format.FormatTestSupport.readAll;
import static dev.lakestation.jobs.load.format.FormatTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonReaderTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        return write(dir, name, content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void jsonLinesWithNestedValuesAndFieldNames() throws Exception {
        Path f = file("a.json", "{\"id\": 1, \"s\": {\"d\": 3.5, \"big\": 3.225637256372123456789, \"arr\": [\"x\", null]}}\n"
                + "\n"
                + "{\"id\": 12345678901234567890, \"ok\": true, \"extra\": null}\r\n");
        try (RecordReader r = Readers.open(json(false, true), flink(f), 0, Long.MAX_VALUE)) {
            assertThat(r.inputColumns()).containsExactly("id", "s", "ok", "extra");
            List<RawRecord> recs = drain(r);
            assertThat(recs).hasSize(2);
            Map<String, Object> t = recs.get(0).tree;
            assertThat(t.get("id")).isEqualTo(1L);
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) t.get("s");
            assertThat(s.get("d")).isEqualTo(3.5);
            assertThat(s.get("big")).isEqualTo(new BigDecimal("3.225637256372123456789"));
            assertThat(s.get("arr")).isEqualTo(Arrays.asList("x", null));
            assertThat(recs.get(1).tree).containsEntry("id", new BigDecimal("12345678901234567890"))
                    .containsEntry("ok", true).containsEntry("extra", null);
            assertThat(recs).extracting(x -> x.line).containsExactly(1L, 3L);
            assertThat(recs.get(1).offset).isEqualTo(f.toFile().length() - "{\"id\": 12345678901234567890, \"ok\": true, \"extra\": null}\r\n".length());
        }
    }

    @Test
    void arrayFileIsStreamedElementByElement() throws Exception {
        Path f = file("b.json", "[\n  {\"a\": 1},\n  {\"a\": 2, \"b\": [1, 2]}\n]\n");
        List<RawRecord> recs = readAll(json(true, false), f);
        assertThat(recs).extracting(x -> x.tree).containsExactly(Map.of("a", 1L), Map.of("a", 2L, "b", List.of(1L, 2L)));
        assertThat(recs).extracting(x -> x.line).containsExactly(2L, 3L);
        assertThat(recs.get(0).offset).isEqualTo(4);
    }

    @Test
    void truncatedDocumentFailsTheFileBeforeAnyRecord() throws Exception {
        Path f = file("c.json", "[\n{\"a\": 1},\n{\"a\": 2,\n");
        assertThatThrownBy(() -> Readers.open(json(true, false), flink(f), 0, Long.MAX_VALUE))
                .isInstanceOf(MalformedInputFileException.class)
                .hasMessageContaining("c.json:4").hasMessageContaining("Invalid JSON File")
                .satisfies(e -> assertThat(((MalformedInputFileException) e).line()).isEqualTo(4));
    }

    @Test
    void malformedLineFailsTheFileWithLineColumnAndOffset() throws Exception {
        Path f = file("d.json", "{\"a\": 1}\n{\"a\": 2,, }\n{\"a\": 3}\n");
        assertThatThrownBy(() -> Readers.open(json(false, false), flink(f), 0, Long.MAX_VALUE))
                .isInstanceOfSatisfying(MalformedInputFileException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.offset()).isEqualTo(9 + 8);
                    assertThat(e.path()).endsWith("d.json");
                    assertThat(e).hasMessageContaining(":2:9 (offset 17)");
                });
    }

    @Test
    void aScalarIsNotARecord() throws Exception {
        Path f = file("e.json", "{\"a\": 1}\n42\n");
        assertThatThrownBy(() -> readAll(json(false, false), f)).isInstanceOf(MalformedInputFileException.class)
                .hasMessageContaining("expected a JSON object");
    }

    @Test
    void emptyAndZeroByteFilesHaveNoRecords() throws Exception {
        assertThat(readAll(json(false, true), file("z.json", ""))).isEmpty();
        assertThat(readAll(json(false, true), file("w.json", "\n  \n"))).isEmpty();
        assertThat(readAll(json(true, false), file("v.json", "[]"))).isEmpty();
    }

    @Test
    void utf16FileAndLatin1File() throws Exception {
        byte[] utf16 = "\uFEFF{\"n\": \"Jos\u00e9\"}\n".getBytes(StandardCharsets.UTF_16LE);
        FormatSpec spec = new FormatSpec(dev.lakestation.schema.model.Format.JSON, "UTF-16", false, false, true, ";",
                "\"", "\\", "", 0, null, false, false, false);
        assertThat(readAll(spec, write(dir, "u.json", utf16))).extracting(x -> x.tree).containsExactly(Map.of("n", "Jos\u00e9"));
        FormatSpec latin = new FormatSpec(dev.lakestation.schema.model.Format.JSON_FLAT, "ISO-8859-1", false, false, true,
                ";", "\"", "\\", "", 0, null, false, false, false);
        assertThat(readAll(latin, write(dir, "l.json", "{\"n\": \"Jos\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1))))
                .extracting(x -> x.tree).containsExactly(Map.of("n", "Jos\u00e9"));
    }

    @Test
    void payloadIsOneDocument() throws Exception {
        try (RecordReader r = Readers.openPayload(json(false, true), "station", "{\n\"a\": {\"b\": 1}\n}".getBytes(StandardCharsets.UTF_8))) {
            assertThat(r.inputColumns()).containsExactly("a");
            assertThat(drain(r)).extracting(x -> x.tree).containsExactly(Map.of("a", Map.of("b", 1L)));
        }
    }

    /** A message is parsed once, its records built up front: what it yields is what the same bytes as a file yield. */
    @Test
    void aPayloadParsedOnceYieldsWhatTheSameDocumentFileYields() throws Exception {
        List<String> documents = List.of(
                "{\"id\": 1, \"name\": \"a\", \"amount\": 2.25}",
                "\uFEFF{\"id\": 2, \"x\": [1, {\"y\": null}]}",
                "[{\"a\": 1, \"b\": 2}, {\"c\": 3, \"a\": 4, \"a\": 5}]\n",
                "{\"a\": 1}\n{\"b\": 2.5e300, \"c\": 0.1}",
                "");
        int i = 0;
        for (String doc : documents) {
            byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
            List<RawRecord> fromFile = readAll(json(true, true), write(dir, "p" + i++ + ".json", bytes));
            List<String> fileKeys;
            try (RecordReader r = Readers.open(json(true, true), flink(dir.resolve("p" + (i - 1) + ".json")), 0,
                    Long.MAX_VALUE)) {
                fileKeys = r.inputColumns();
            }
            try (RecordReader r = Readers.openPayload(json(false, true), "station", bytes)) {
                assertThat(r.inputColumns()).as(doc).isEqualTo(fileKeys);
                List<RawRecord> fromPayload = drain(r);
                assertThat(fromPayload).as(doc).extracting(x -> x.tree)
                        .isEqualTo(fromFile.stream().map(x -> x.tree).toList());
                assertThat(fromPayload).as(doc).extracting(x -> x.line + "@" + x.offset)
                        .isEqualTo(fromFile.stream().map(x -> x.line + "@" + x.offset).toList());
            }
        }
    }

    @Test
    void aMalformedPayloadFailsBeforeAnyRecord() {
        byte[] bad = "[{\"a\": 1}, {\"a\": 2,]".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Readers.openPayload(json(false, true), "station:s#1@9", bad))
                .isInstanceOfSatisfying(MalformedInputFileException.class, e -> {
                    assertThat(e.path()).isEqualTo("station:s#1@9");
                    assertThat(e).hasMessageContaining("Invalid JSON File");
                });
    }

    /** A JSON float is a Double when the double has the text's decimal value, else the exact BigDecimal. */
    @Test
    void floatsAreDoublesOnlyWhenExact() throws Exception {
        for (String n : List.of("-0.0", "0.0", "0.1", "123.25", "12.857142857142858", "0.30000000000000004",
                "3.225637256372123456789", "1e23", "2.5e300", "1e400", "-1e-400", "-7.5E-3", "9007199254740993.0")) {
            try (RecordReader r = Readers.openPayload(json(false, false), "m", ("{\"v\": " + n + "}")
                    .getBytes(StandardCharsets.UTF_8))) {
                BigDecimal exact = new BigDecimal(n);
                double d = exact.doubleValue();
                Object expected = Double.isFinite(d) && new BigDecimal(Double.toString(d)).compareTo(exact) == 0
                        ? (Object) d : exact;
                assertThat(r.next().tree.get("v")).as(n).isEqualTo(expected);
            }
        }
    }

    /** Past the bytes a first pass keeps, the file is checked to its end, then streamed again: same records. */
    @Test
    void aFileLongerThanWhatTheFirstPassKeepsIsCheckedThenReadAgain() throws Exception {
        StringBuilder lines = new StringBuilder();
        int n = 0;
        while (lines.length() <= 3 * JsonReader.KEPT_INPUT_BYTES) {
            lines.append("{\"id\": ").append(++n).append(", \"name\": \"row ").append(n).append("\"}\n");
        }
        lines.append("{\"id\": ").append(++n).append(", \"late\": true}\n");  // a key only the last object has
        Path f = file("long.json", lines.toString());
        try (RecordReader r = Readers.open(json(false, true), flink(f), 0, Long.MAX_VALUE)) {
            assertThat(r.inputColumns()).containsExactly("id", "name", "late");
            List<RawRecord> recs = drain(r);
            assertThat(recs).hasSize(n);
            assertThat(recs).extracting(x -> x.tree.get("id")).doesNotHaveDuplicates().contains(1L, (long) n);
            assertThat(recs.get(n - 1).line).isEqualTo(n);
            assertThat(recs.get(n - 1).tree).containsEntry("late", true);
        }
        // a syntax error in the last line, far past the kept bytes: still no record before the failure
        Path bad = file("long-bad.json", lines + "{\"id\": 0,, }\n");
        long badLine = n + 1;
        assertThatThrownBy(() -> Readers.open(json(false, false), flink(bad), 0, Long.MAX_VALUE))
                .isInstanceOfSatisfying(MalformedInputFileException.class,
                        e -> assertThat(e.line()).isEqualTo(badLine));
    }
}
