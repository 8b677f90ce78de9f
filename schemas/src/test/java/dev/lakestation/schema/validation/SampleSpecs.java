package dev.lakestation.schema.validation;

import dev.lakestation.schema.model.Trim;
import dev.lakestation.schema.types.SlType;
import dev.lakestation.schema.types.TypeCatalog;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * Test-only bridge from a Starlake table YAML to a {@link RecordSpec} (the real loader lives in the model package;
 * this keeps the validator tests independent of it).
 */
final class SampleSpecs {

    static final Path ROOT = Path.of("src/test/resources/validation-samples");

    private SampleSpecs() {
    }

    static TypeCatalog catalog(Path... typeFiles) {
        TypeCatalog c = TypeCatalog.defaults();
        for (Path p : typeFiles) {
            TypeCatalog.Parsed parsed = TypeCatalog.parse(p);
            if (parsed.hasErrors()) {
                throw new IllegalStateException(parsed.problems().toString());
            }
            c = c.withTypes(parsed.types());
        }
        return c;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> table(Path tableYaml) throws IOException {
        try (Reader r = Files.newBufferedReader(tableYaml)) {
            Map<String, Object> doc = new Yaml().load(r);
            return (Map<String, Object>) doc.get("table");
        }
    }

    @SuppressWarnings("unchecked")
    static RecordSpec spec(String domain, Path tableYaml, TypeCatalog types) throws IOException {
        Map<String, Object> table = table(tableYaml);
        RecordSpec.Builder b = RecordSpec.builder(domain, (String) table.get("name"));
        for (Object a : (List<Object>) table.get("attributes")) {
            b.field(field((Map<String, Object>) a, types));
        }
        b.filter((String) table.get("filter"));
        return b.build();
    }

    @SuppressWarnings("unchecked")
    static FieldSpec field(Map<String, Object> a, TypeCatalog types) {
        String name = (String) a.get("name");
        String type = (String) a.getOrDefault("type", "string");
        FieldSpec.Builder b;
        if (a.containsKey("attributes")) {
            List<FieldSpec> children = new ArrayList<>();
            for (Object c : (List<Object>) a.get("attributes")) {
                children.add(field((Map<String, Object>) c, types));
            }
            b = FieldSpec.struct(name, children);
        } else {
            SlType t = types.find(type).orElseThrow(() -> new IllegalArgumentException("unknown type " + type));
            b = FieldSpec.builder(name, t);
        }
        return b.array(Boolean.TRUE.equals(a.get("array")))
                .required(Boolean.TRUE.equals(a.get("required")))
                .privacy(a.get("privacy") == null ? null : a.get("privacy").toString())
                .rename((String) a.get("rename"))
                .script(a.get("script") == null ? null : a.get("script").toString())
                .ignore(Boolean.TRUE.equals(a.get("ignore")))
                .trim(a.get("trim") == null ? Trim.NONE : Trim.valueOf(a.get("trim").toString()))
                .defaultValue(a.get("default") == null ? null : a.get("default").toString())
                .build();
    }

    /** 0-based inclusive positions of POSITION attributes, in declaration order (script ones excluded). */
    @SuppressWarnings("unchecked")
    static List<int[]> positions(Path tableYaml) throws IOException {
        List<int[]> out = new ArrayList<>();
        for (Object o : (List<Object>) table(tableYaml).get("attributes")) {
            Map<String, Object> a = (Map<String, Object>) o;
            if (a.get("script") == null) {
                Map<String, Object> pos = (Map<String, Object>) a.get("position");
                out.add(new int[] {(Integer) pos.get("first"), (Integer) pos.get("last")});
            }
        }
        return out;
    }
}
