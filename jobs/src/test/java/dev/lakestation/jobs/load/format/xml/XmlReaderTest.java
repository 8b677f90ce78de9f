package dev.lakestation.jobs.load.format.xml;

import dev.lakestation.jobs.load.format.MalformedInputFileException;
import dev.lakestation.jobs.load.format.RawRecord;
import dev.lakestation.jobs.load.format.RecordReader;
import dev.lakestation.jobs.load.format.Readers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.lakestation.jobs.load.format.FormatTestSupport.drain;
import static dev.lakestation.jobs.load.format.FormatTestSupport.flink;
import static dev.lakestation.jobs.load.format.FormatTestSupport.readAll;
import static dev.lakestation.jobs.load.format.FormatTestSupport.write;
import static dev.lakestation.jobs.load.format.FormatTestSupport.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XmlReaderTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        return write(dir, name, content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void attributesNestedRepeatedEntitiesCdataAndNamespaces() throws Exception {
        Path f = file("a.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY co \"ACME &amp; Co\">]>\n"
                + "<r xmlns:p=\"urn:p\">\n"
                + "  <p:row id=\"1\">\n"
                + "    <name>Tom &amp; Jerry &#233; &co;</name>\n"
                + "    <note><![CDATA[<b>bold</b>]]></note>\n"
                + "    <tag>a</tag><tag>b</tag>\n"
                + "    <addr kind=\"home\"><city> Paris </city></addr>\n"
                + "    <price currency=\"EUR\">12.5</price>\n"
                + "    <empty/>\n"
                + "  </p:row>\n"
                + "  <other/>\n"
                + "  <row>text only</row>\n"
                + "</r>\n");
        try (RecordReader r = Readers.open(xml("row", true), flink(f), 0, Long.MAX_VALUE)) {
            assertThat(r.inputColumns()).containsExactly("_id", "name", "note", "tag", "addr", "price", "empty", "_VALUE");
            List<RawRecord> recs = drain(r);
            assertThat(recs).hasSize(2);
            Map<String, Object> t = recs.get(0).tree;
            assertThat(t).containsEntry("_id", "1").containsEntry("name", "Tom & Jerry \u00e9 ACME & Co")
                    .containsEntry("note", "<b>bold</b>").containsEntry("tag", List.of("a", "b"))
                    .containsEntry("addr", Map.of("_kind", "home", "city", "Paris"))
                    .containsEntry("price", Map.of("_currency", "EUR", "_VALUE", "12.5"))
                    .containsEntry("empty", "");
            assertThat(recs.get(0).line).isEqualTo(4);
            assertThat(recs.get(1).tree).isEqualTo(Map.of("_VALUE", "text only"));
            assertThat(recs.get(1).line).isEqualTo(13);
        }
    }

    @Test
    void malformedXmlFailsTheFileWithLineAndColumn() throws Exception {
        Path f = file("b.xml", "<r>\n<row><a>1</a></row>\n<row><a>2</b></row>\n</r>\n");
        assertThatThrownBy(() -> Readers.open(xml("row", false), flink(f), 0, Long.MAX_VALUE))
                .isInstanceOfSatisfying(MalformedInputFileException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e).hasMessageContaining("b.xml:3:").hasMessageContaining("Invalid XML File");
                });
        Path truncated = file("c.xml", "<r>\n<row><a>1</a></row>\n<row><a>2</a>");
        assertThatThrownBy(() -> readAll(xml("row", false), truncated)).isInstanceOf(MalformedInputFileException.class);
    }

    @Test
    void externalEntitiesAreNotLoaded() throws Exception {
        Path secret = file("secret.txt", "s3cr3t");
        Path f = file("x.xml", "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e SYSTEM \"" + secret.toUri() + "\">]>"
                + "<r><row><a>&e;</a></row></r>");
        List<RawRecord> recs = readAll(xml("row", false), f);
        assertThat(recs).hasSize(1);
        assertThat(recs.get(0).tree.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void emptyFilesAndPayloadElement() throws Exception {
        assertThatThrownBy(() -> readAll(xml("row", false), file("z.xml", "")))
                .isInstanceOf(MalformedInputFileException.class);
        assertThat(readAll(xml("row", false), file("e.xml", "<r/>"))).isEmpty();
        try (RecordReader r = Readers.openPayload(xml("row", false), "station",
                "<row a=\"1\"><b>2</b></row>".getBytes(StandardCharsets.UTF_8))) {
            assertThat(drain(r)).extracting(x -> x.tree).containsExactly(Map.of("_a", "1", "b", "2"));
        }
    }
}
