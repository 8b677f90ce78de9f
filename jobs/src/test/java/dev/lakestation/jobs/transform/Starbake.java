package dev.lakestation.jobs.transform;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakestation.schema.project.Project;
import dev.lakestation.schema.project.ProjectLoader;
import dev.lakestation.schema.project.TableValidator;
import dev.lakestation.schema.validation.RecordContext;
import dev.lakestation.schema.validation.ValidationResult;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The starbake example project copied into a temporary root, with its three loaded tables written as Parquet
 * fixtures (parquet-avro, schema from {@code TableValidator}) from Starlake's sample data, and the raw sample rows
 * for computing expected values independently of any SQL.
 */
final class Starbake {

    static final Path EXAMPLE = Path.of("../examples/starbake").toAbsolutePath().normalize();
    static final Path SAMPLES = Path.of("../schemas/src/test/resources/starlake-samples/starbake/sample-data/starbake");

    final Path root;
    final Project project;
    final List<Map<String, String>> orders;
    final List<Map<String, String>> orderLines;
    final List<Map<String, String>> products;

    private Starbake(Path root) throws Exception {
        this.root = root;
        copy(EXAMPLE.resolve("metadata"), root.resolve("metadata"));
        this.project = ProjectLoader.load(root, null).orThrow();
        this.orders = json(SAMPLES.resolve("orders_202403011414.json"));
        this.orderLines = csv(SAMPLES.resolve("order-lines_202403011415.csv"));
        this.products = xml(SAMPLES.resolve("products.xml"));
    }

    /** The project in {@code dir} with the three tables loaded into its warehouse. */
    static Starbake loaded(Path dir) throws Exception {
        Starbake s = new Starbake(dir);
        s.writeTable("orders", s.orders);
        s.writeTable("order_lines", s.orderLines);
        s.writeTable("products", s.products);
        return s;
    }

    Path warehouse(String domain, String table) {
        return project.areaPath("warehouse", domain).resolve(table);
    }

    void writeTable(String table, List<Map<String, String>> rows) throws IOException {
        TableValidator tv = TableValidator.of(project, "starbake", table);
        Path file = warehouse("starbake", table).resolve("part-0.snappy.parquet");
        Files.createDirectories(file.getParent());
        RecordContext ctx = RecordContext.of(file.toString());
        try (ParquetWriter<GenericRecord> w = AvroParquetWriter.<GenericRecord>builder(HadoopOutputFile.fromPath(
                        new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))
                .withSchema(tv.schema()).withCompressionCodec(CompressionCodecName.SNAPPY).build()) {
            for (Map<String, String> row : rows) {
                ValidationResult r = tv.validator().validate(row, ctx);
                if (!(r instanceof ValidationResult.Accepted a)) {
                    throw new IllegalStateException("fixture row rejected: " + row + " " + r);
                }
                w.write(a.record());
            }
        }
    }

    /** Every record of every visible Parquet file below {@code folder}, read with parquet-avro. */
    static List<GenericRecord> read(Path folder) throws IOException {
        List<GenericRecord> out = new ArrayList<>();
        for (Path f : ParquetFolder.files(folder)) {
            try (ParquetReader<GenericRecord> r = AvroParquetReader.<GenericRecord>builder(HadoopInputFile.fromPath(
                    new org.apache.hadoop.fs.Path(f.toUri()), new Configuration())).build()) {
                for (GenericRecord g = r.read(); g != null; g = r.read()) {
                    out.add(g);
                }
            }
        }
        return out;
    }

    private static List<Map<String, String>> json(Path file) throws IOException {
        List<Map<String, Object>> raw = new ObjectMapper().readValue(file.toFile(), new TypeReference<>() { });
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, Object> m : raw) {
            Map<String, String> row = new LinkedHashMap<>();
            m.forEach((k, v) -> row.put(k, v == null ? null : v.toString()));
            out.add(row);
        }
        return out;
    }

    private static List<Map<String, String>> csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).replace("\"", "").split(";");
        List<Map<String, String>> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] v = line.split(";", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], v[i]);
            }
            out.add(row);
        }
        return out;
    }

    private static List<Map<String, String>> xml(Path file) throws Exception {
        NodeList records = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile())
                .getElementsByTagName("record");
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 0; i < records.getLength(); i++) {
            Map<String, String> row = new LinkedHashMap<>();
            NodeList fields = records.item(i).getChildNodes();
            for (int j = 0; j < fields.getLength(); j++) {
                if (fields.item(j).getNodeType() == Node.ELEMENT_NODE) {
                    Element e = (Element) fields.item(j);
                    row.put(e.getTagName(), e.getTextContent());
                }
            }
            out.add(row);
        }
        return out;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
