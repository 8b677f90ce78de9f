package dev.lakestation.schema.project;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.schema.validation.RecordContext;
import dev.lakestation.schema.validation.RecordValidator;
import dev.lakestation.schema.validation.ValidationResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link TableModel} shipped the way a job ships it (Java serialization) and opened where the project is gone
 * compiles a validator that decides exactly as the one built from the YAML: same schema, same accepted records,
 * same rejections, same filtered lines, on the Starlake samples (custom types, privacy, scripts, a POSITION line
 * filter, ignored columns, JSON trees).
 */
class TableModelTest {

    static final Path SAMPLES = StarlakeSampleRecordsTest.SAMPLES;

    @TempDir
    Path root;

    @Test
    void positionWithLineFilterScriptsAndPrivacy() throws Exception {
        SampleProjects.position(root);
        Path tableFile = root.resolve("metadata/load/position/account.sl.yml");
        Files.writeString(tableFile, Files.readString(tableFile).replace("  pattern: \".*TBL\"\n",
                "  pattern: \".*TBL\"\n  filter: \"substring(value, 38, 1) = 'F'\"\n"));
        List<String> lines = new ArrayList<>(Files.readAllLines(SAMPLES.resolve("position_account/XPOSTBL")));
        lines.add("C1111234449912345678901200024.13.2019F24.06.201924.06.2019");   // bad date: rejected
        lines.add("C11112F");                                                       // short line

        Pair p = shippedAndFromYaml("position", "account");
        assertThat(p.shipped().lineFilter()).map(Object::toString).contains("substring(value, 38, 1) = 'F'");
        assertSameOutcomes(p, lines, tv -> line -> tv.validateLine(line, ctx()));
        assertThat(outcomes(p.shipped(), lines, tv -> line -> tv.validateLine(line, ctx())))
                .extracting(s -> s.substring(0, s.indexOf(' ')))
                .containsExactly("Accepted", "Filtered", "Filtered", "Accepted", "Accepted", "Rejected", "Filtered");
    }

    @Test
    void dsvWithoutHeaderIgnoredColumnAndScripts() throws Exception {
        SampleProjects.dsvDream(root);
        List<String> lines = new ArrayList<>(Files.readAllLines(
                SAMPLES.resolve("dsv_dream_client_noheader/OneClient_Contact_20190101_090800_008.psv")));
        lines.add("not-a-number|x|y|z|w");
        Pair p = shippedAndFromYaml("dreamignore", "client");
        assertSameOutcomes(p, lines, tv -> {
            RecordValidator.FlatBinding b = tv.bindPositional();
            return line -> b.validate(line.split("\\|", -1), ctx());
        });
        assertThat(outcomes(p.shipped(), lines, tv -> line -> tv.bindPositional().validate(line.split("\\|", -1),
                ctx()))).filteredOn(s -> s.startsWith("Accepted")).hasSize(3);
    }

    @Test
    void jsonTreesWithStructsArraysAndARejectedRecord() throws Exception {
        SampleProjects.json(root);
        List<Map<String, Object>> records = new ArrayList<>();
        for (String f : List.of("complexWithError.json", "complex.json")) {
            for (String line : Files.readAllLines(SAMPLES.resolve("json_complex_with_error").resolve(f))) {
                records.add(StarlakeSampleRecordsTest.tree(StarlakeSampleRecordsTest.JSON.readTree(line)));
            }
        }
        Pair p = shippedAndFromYaml("json", "sample_json");
        Function<TableValidator, Function<Map<String, Object>, ValidationResult>> binding = tv -> {
            RecordValidator.TreeBinding b = tv.bindTree(TableValidator.fieldNames(records));
            return r -> b.validate(r, ctx());
        };
        assertSameOutcomes(p, records, binding);
        assertThat(outcomes(p.shipped(), records, binding)).extracting(s -> s.substring(0, s.indexOf(' ')))
                .containsExactly("Accepted", "Rejected", "Accepted");
    }

    @Test
    void keepsOnlyTheTypesTheTableUsesAndItsSource() throws Exception {
        SampleProjects.position(root);
        TableModel model = TableModel.of(ProjectLoader.load(root, null).orThrow(), "position", "account");
        byte[] bytes = serialize(model);
        TableModel back = deserialize(bytes);
        assertThat(back.table().source()).isEqualTo(model.table().source());
        assertThat(back.table().pattern().pattern()).isEqualTo(model.table().pattern().pattern());
        assertThat(back.settings()).isEqualTo(model.settings());
        assertThat(back.table().attributes()).isEqualTo(model.table().attributes());
        assertThat(bytes.length).as("a few KB, not the whole catalogue").isLessThan(16_000);
    }

    // ------------------------------------------------------------------ helpers

    /** The validator from the YAML, and the one from the model after serialization with the project deleted. */
    record Pair(TableValidator fromYaml, TableValidator shipped) {
    }

    private Pair shippedAndFromYaml(String domain, String table) throws Exception {
        LoadResult loaded = ProjectLoader.load(root, null);
        assertThat(loaded.problems()).isEmpty();
        Project project = loaded.orThrow();
        TableValidator fromYaml = TableValidator.of(project, domain, table);
        byte[] shipped = serialize(TableModel.of(project, domain, table));
        deleteTree(root);
        assertThat(root).doesNotExist();
        TableValidator tv = deserialize(shipped).validator();
        assertThat(tv.schema()).isEqualTo(fromYaml.schema());
        assertThat(tv.format()).isEqualTo(fromYaml.format());
        return new Pair(fromYaml, tv);
    }

    private static <T> void assertSameOutcomes(Pair p, List<T> inputs,
            Function<TableValidator, Function<T, ValidationResult>> validate) {
        assertThat(outcomes(p.shipped(), inputs, validate)).containsExactlyElementsOf(
                outcomes(p.fromYaml(), inputs, validate));
    }

    private static <T> List<String> outcomes(TableValidator tv, List<T> inputs,
            Function<TableValidator, Function<T, ValidationResult>> validate) {
        Function<T, ValidationResult> f = validate.apply(tv);
        return inputs.stream().map(f).map(TableModelTest::describe).toList();
    }

    private static String describe(ValidationResult r) {
        if (r instanceof ValidationResult.Accepted a) {
            return "Accepted " + a.record();
        }
        if (r instanceof ValidationResult.Rejected x) {
            return "Rejected " + x.rejection().errors();
        }
        return r.getClass().getSimpleName() + " ";
    }

    private static RecordContext ctx() {
        return RecordContext.of("file:///datasets/ingesting/input", StarlakeSampleRecordsTest.CLOCK);
    }

    private static byte[] serialize(TableModel model) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(model);
        }
        return bytes.toByteArray();
    }

    private static TableModel deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (TableModel) in.readObject();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
