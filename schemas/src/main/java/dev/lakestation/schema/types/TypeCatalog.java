package dev.lakestation.schema.types;

import dev.lakestation.schema.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The type catalogue: Starlake's default types plus the project's {@code metadata/types/*.sl.yml}.
 * Immutable; a later definition of a name replaces an earlier one.
 *
 * <pre>{@code
 * TypeCatalog.Parsed user = TypeCatalog.parse(root.resolve("metadata/types/types.sl.yml"));
 * user.problems().forEach(System.err::println);          // file:line: error: ...
 * TypeCatalog catalog = TypeCatalog.defaults().withTypes(user.types());
 * SlType email = catalog.find("email").orElseThrow();
 * }</pre>
 */
public final class TypeCatalog {

    private static final String DEFAULT_RESOURCE = "/default.sl.yml";
    private static final Set<String> TYPE_KEYS =
            Set.of("name", "pattern", "primitiveType", "zone", "sample", "comment", "ddlMapping");
    private static volatile TypeCatalog defaults;

    private final Map<String, SlType> types;

    private TypeCatalog(Map<String, SlType> types) {
        this.types = Collections.unmodifiableMap(types);
    }

    /** The types and problems read from one types file. */
    public record Parsed(List<SlType> types, List<Problem> problems) {
        public Parsed {
            types = List.copyOf(types);
            problems = List.copyOf(problems);
        }

        /** True when at least one problem is an error. */
        public boolean hasErrors() {
            return problems.stream().anyMatch(Problem::isError);
        }
    }

    /** A catalogue with no types. */
    public static TypeCatalog empty() {
        return new TypeCatalog(new LinkedHashMap<>());
    }

    /** Starlake's default catalogue (the {@code default.sl.yml} shipped with Starlake, same names and patterns). */
    public static TypeCatalog defaults() {
        TypeCatalog d = defaults;
        if (d == null) {
            try (InputStream in = TypeCatalog.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + DEFAULT_RESOURCE + " missing from the classpath");
                }
                Parsed parsed = parse("default.sl.yml", new InputStreamReader(in, StandardCharsets.UTF_8));
                if (parsed.hasErrors()) {
                    throw new IllegalStateException("broken default types: " + parsed.problems());
                }
                d = empty().withTypes(parsed.types());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            defaults = d;
        }
        return d;
    }

    /** Reads a types file; problems carry the file as given and 1-based lines. Never throws for bad content. */
    public static Parsed parse(Path file) {
        String display = file.toString();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(display, reader);
        } catch (IOException e) {
            return new Parsed(List.of(), List.of(Problem.error(display, 1, "cannot read types file: " + e)));
        }
    }

    /** Reads types YAML text; {@code fileName} is used in problems. */
    public static Parsed parse(String fileName, String yaml) {
        return parse(fileName, new StringReader(yaml));
    }

    /** Reads types YAML from a reader; {@code fileName} is used in problems. */
    public static Parsed parse(String fileName, Reader reader) {
        List<SlType> out = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            problems.add(Problem.error(fileName, line, "invalid YAML: " + e.getProblem()));
            return new Parsed(out, problems);
        } catch (YAMLException e) {
            problems.add(Problem.error(fileName, 1, "invalid YAML: " + e.getMessage()));
            return new Parsed(out, problems);
        }
        if (root == null) {
            problems.add(Problem.warning(fileName, 1, "empty types file"));
            return new Parsed(out, problems);
        }
        if (!(root instanceof MappingNode)) {
            problems.add(Problem.error(fileName, line(root), "expected a mapping with a `types:` list"));
            return new Parsed(out, problems);
        }
        Node typesNode = null;
        for (NodeTuple t : ((MappingNode) root).getValue()) {
            String key = scalar(t.getKeyNode());
            if ("types".equals(key)) {
                typesNode = t.getValueNode();
            } else if (!"version".equals(key)) {
                problems.add(Problem.warning(fileName, line(t.getKeyNode()), "unknown key `" + key + "` ignored"));
            }
        }
        if (typesNode == null) {
            problems.add(Problem.error(fileName, line(root), "missing `types:` list"));
            return new Parsed(out, problems);
        }
        if (!(typesNode instanceof SequenceNode)) {
            problems.add(Problem.error(fileName, line(typesNode), "`types` must be a list"));
            return new Parsed(out, problems);
        }
        Map<String, Integer> seen = new HashMap<>();
        for (Node item : ((SequenceNode) typesNode).getValue()) {
            SlType type = readType(fileName, item, problems);
            if (type != null) {
                Integer previous = seen.putIfAbsent(type.name(), line(item));
                if (previous != null) {
                    problems.add(Problem.error(fileName, line(item), "type `" + type.name()
                            + "` is defined twice (first at line " + previous + ")"));
                } else {
                    out.add(type);
                }
            }
        }
        return new Parsed(out, problems);
    }

    private static SlType readType(String file, Node item, List<Problem> problems) {
        if (!(item instanceof MappingNode)) {
            problems.add(Problem.error(file, line(item), "a type must be a mapping with name, pattern, primitiveType"));
            return null;
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple t : ((MappingNode) item).getValue()) {
            String key = scalar(t.getKeyNode());
            if (!TYPE_KEYS.contains(key)) {
                problems.add(Problem.warning(file, line(t.getKeyNode()), "unknown key `" + key + "` ignored"));
            }
            fields.put(key, t.getValueNode());
        }
        String name = scalar(fields.get("name"));
        if (name == null || name.isBlank()) {
            problems.add(Problem.error(file, line(item), "type without `name`"));
            return null;
        }
        String pattern = scalar(fields.get("pattern"));
        if (pattern == null) {
            problems.add(Problem.error(file, line(item), "type `" + name + "`: missing `pattern`"));
            return null;
        }
        PrimitiveType primitive = PrimitiveType.STRING;
        Node primitiveNode = fields.get("primitiveType");
        if (primitiveNode != null) {
            String p = scalar(primitiveNode);
            Optional<PrimitiveType> parsed = PrimitiveType.fromValue(p);
            if (parsed.isEmpty() || parsed.get() == PrimitiveType.STRUCT) {
                problems.add(Problem.error(file, line(primitiveNode), "type `" + name + "`: unknown primitiveType `" + p
                        + "` (expected one of string, variant, long, int, short, double, decimal, boolean, byte, date, timestamp)"));
                return null;
            }
            primitive = parsed.get();
        }
        String zone = scalar(fields.get("zone"));
        if (primitive == PrimitiveType.DECIMAL && !SlType.isValidDecimalZone(zone)) {
            problems.add(Problem.warning(file, line(fields.get("zone")), "type `" + name + "`: zone `" + zone
                    + "` is not \"precision,scale\"; decimal(38,9) is used"));
        }
        try {
            return SlType.of(name, primitive, pattern, zone, scalar(fields.get("sample")), scalar(fields.get("comment")));
        } catch (IllegalArgumentException e) {
            Node where = fields.getOrDefault("pattern", item);
            problems.add(Problem.error(file, line(where), e.getMessage()));
            return null;
        }
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode ? ((ScalarNode) node).getValue() : null;
    }

    private static int line(Node node) {
        return node == null || node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }

    /** A new catalogue with {@code extra} added; a type with an existing name replaces it. */
    public TypeCatalog withTypes(Collection<SlType> extra) {
        Map<String, SlType> merged = new LinkedHashMap<>(types);
        for (SlType t : extra) {
            merged.put(t.name(), t);
        }
        return new TypeCatalog(merged);
    }

    /** The type named {@code name} (exact, case-sensitive like Starlake). */
    public Optional<SlType> find(String name) {
        return Optional.ofNullable(types.get(name));
    }

    /** All types, in definition order. */
    public Collection<SlType> types() {
        return types.values();
    }
}
