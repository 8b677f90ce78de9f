package dev.lakestation.schema.types;

import dev.lakestation.schema.Problem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TypeCatalogTest {

    @Test
    void defaultsHaveStarlakeNamesPatternsAndPrimitiveTypes() throws Exception {
        TypeCatalog d = TypeCatalog.defaults();
        assertThat(d.types().stream().map(SlType::name).collect(Collectors.toList())).containsExactly(
                "string", "variant", "integer", "int", "byte", "double", "long", "short", "boolean", "timestamp",
                "decimal", "date", "basic_iso_date", "iso_local_date", "iso_offset_date", "iso_date",
                "iso_local_date_time", "iso_offset_date_time", "iso_zoned_date_time", "iso_date_time",
                "iso_ordinal_date", "iso_week_date", "iso_instant", "rfc_1123_date_time");
        assertThat(d.find("int").orElseThrow().primitiveType()).isEqualTo(PrimitiveType.LONG);
        assertThat(d.find("integer").orElseThrow().pattern()).isEqualTo("[-|\\+|0-9][0-9]*");
        assertThat(d.find("boolean").orElseThrow().pattern()).isEqualTo("(?i)true|yes|[y1]|t<-TF->(?i)false|no|[n0]|f");
        assertThat(d.find("iso_date_time").orElseThrow().pattern()).isEqualTo("ISO_DATE_TIME");
        assertThat(d.find("decimal").orElseThrow().precision()).isEqualTo(38);
        assertThat(d.find("decimal").orElseThrow().scale()).isEqualTo(9);
        assertThat(d.find("nope")).isEmpty();
        // the resource is Starlake's file unchanged
        Path shipped = Path.of("src/main/resources/default.sl.yml");
        Path original = Path.of("src/test/resources/starlake-samples/types/default.sl.yml");
        assertThat(Files.readString(shipped)).isEqualTo(Files.readString(original));
    }

    @Test
    void parsesStarlakeTestTypesAndOverridesByName() {
        TypeCatalog.Parsed parsed = TypeCatalog.parse(Path.of("src/test/resources/starlake-samples/types/test-types.sl.yml"));
        assertThat(parsed.problems()).isEmpty();
        TypeCatalog all = TypeCatalog.defaults().withTypes(parsed.types());
        assertThat(all.find("email").orElseThrow().accepts("me@company.com")).isTrue();
        assertThat(all.find("email").orElseThrow().accepts("not-an-email")).isFalse();
        assertThat(all.find("datefr").orElseThrow().parse("21.07.2018")).isEqualTo(17733);
        assertThat(all.find("epoch_second").orElseThrow().primitiveType()).isEqualTo(PrimitiveType.TIMESTAMP);
        TypeCatalog overridden = all.withTypes(List.of(SlType.of("email", PrimitiveType.STRING, ".+", null)));
        assertThat(overridden.find("email").orElseThrow().accepts("not-an-email")).isTrue();
    }

    @Test
    void reportsEveryProblemWithFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.sl.yml");
        Files.writeString(file, String.join("\n",
                "version: 1",
                "colour: blue",
                "types:",
                "  - name: badregex",
                "    primitiveType: string",
                "    pattern: \"[a-z\"",
                "  - name: nopattern",
                "    primitiveType: string",
                "  - name: weird",
                "    primitiveType: float",
                "    pattern: \".*\"",
                "  - name: badbool",
                "    primitiveType: boolean",
                "    pattern: \"yes|no\"",
                "  - name: baddate",
                "    primitiveType: date",
                "    pattern: \"yyyy-MM-dd-qqqqqq-bbb\"",
                "  - name: badzone",
                "    primitiveType: timestamp",
                "    pattern: \"yyyy\"",
                "    zone: \"Mars/Olympus\"",
                "  - name: ok",
                "    pattern: \"x+\"",
                "    extra: 1",
                "  - name: ok",
                "    pattern: \"y+\"",
                "  - name: dec",
                "    primitiveType: decimal",
                "    pattern: \".*\"",
                "    zone: \"abc\"",
                ""));
        TypeCatalog.Parsed parsed = TypeCatalog.parse(file);
        List<String> rendered = parsed.problems().stream().map(Problem::toString).collect(Collectors.toList());
        String f = file.toString();
        assertThat(rendered).anySatisfy(s -> assertThat(s).startsWith("warning: " + f + ":2: unknown key `colour`"));
        assertThat(rendered).anySatisfy(s -> assertThat(s).startsWith(f + ":6: type `badregex` (string): invalid pattern `[a-z`"));
        assertThat(rendered).anySatisfy(s -> assertThat(s).startsWith(f + ":7: type `nopattern`: missing `pattern`"));
        assertThat(rendered).anySatisfy(s -> assertThat(s).startsWith(f + ":10: type `weird`: unknown primitiveType `float`"));
        assertThat(rendered).anySatisfy(s -> assertThat(s).startsWith(f + ":14: type `badbool` (boolean)").contains("<-TF->"));
        assertThat(rendered).anySatisfy(s -> assertThat(s).startsWith(f + ":17: type `baddate` (date)"));
        assertThat(rendered).anySatisfy(s -> assertThat(s).startsWith(f + ":20: type `badzone` (timestamp)").contains("Mars/Olympus"));
        assertThat(rendered).anySatisfy(s -> assertThat(s).startsWith("warning: " + f + ":24: unknown key `extra`"));
        assertThat(rendered).anySatisfy(s -> assertThat(s).startsWith(f + ":25: type `ok` is defined twice (first at line 22)"));
        assertThat(rendered).anySatisfy(s -> assertThat(s).startsWith("warning: " + f + ":30: type `dec`: zone `abc`"));
        assertThat(parsed.hasErrors()).isTrue();
        assertThat(parsed.types()).extracting(SlType::name).containsExactly("ok", "dec");
    }

    @Test
    void invalidYamlIsOneProblemWithLine() {
        TypeCatalog.Parsed parsed = TypeCatalog.parse("t.sl.yml", "types:\n  - name: a\n    pattern: [unclosed\n");
        assertThat(parsed.problems()).hasSize(1);
        assertThat(parsed.problems().get(0).line()).isGreaterThan(0);
        assertThat(parsed.problems().get(0).message()).startsWith("invalid YAML");
    }
}
