package dev.lakestation.schema.project;

import dev.lakestation.schema.model.Attribute;
import dev.lakestation.schema.model.Table;
import dev.lakestation.schema.types.PrimitiveType;
import dev.lakestation.schema.types.SlType;
import dev.lakestation.schema.types.TypeCatalog;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What validating the records of one table needs, taken from a loaded project and {@link Serializable}: the
 * domain name, the {@link Table} (metadata already merged over the domain's), the definitions of the types its
 * attributes use, and the {@link Settings}. A job builds it once where the project is read (the client) and
 * ships it inside its operators; where the records are validated (a TaskManager) {@link #validator()} compiles
 * the {@link TableValidator} from it without reading any file: the project's metadata need not be on that
 * machine, and the TaskManager's environment variables ({@code SL_ENV}, ...) do not change what is validated.
 *
 * <p>Compiled types, regexes and formatters do not serialize; their definitions do, and compiling them again
 * costs milliseconds, once per deserialized instance.
 *
 * <pre>{@code
 * TableModel model = TableModel.of(project, "sales", "orders");   // client side
 * // ... serialized with the job's operators ...
 * TableValidator tv = model.validator();                           // TaskManager side, no file read
 * }</pre>
 */
public final class TableModel implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** A catalogue type as written in the types file: what {@link SlType#of} compiles again. */
    private record TypeDef(String name, PrimitiveType primitiveType, String pattern, String zone, String sample,
                           String comment) implements Serializable {
        static TypeDef of(SlType t) {
            return new TypeDef(t.name(), t.primitiveType(), t.pattern(), t.zone(), t.sample(), t.comment());
        }

        SlType compile() {
            return SlType.of(name, primitiveType, pattern, zone, sample, comment);
        }
    }

    private final String domain;
    private final Table table;
    private final List<TypeDef> types;
    private final Settings settings;
    private transient volatile TableValidator validator;

    private TableModel(String domain, Table table, List<TypeDef> types, Settings settings) {
        this.domain = domain;
        this.table = table;
        this.types = List.copyOf(types);
        this.settings = settings;
    }

    /**
     * The model of {@code domain.table} of a loaded project.
     *
     * @throws IllegalArgumentException when the table does not exist, or an attribute's type is not in the
     *                                  project's catalogue (a project that loaded without errors never has one)
     */
    public static TableModel of(Project project, String domain, String table) {
        Table t = project.table(domain, table).orElseThrow(() -> new IllegalArgumentException(
                "no table " + domain + "." + table + " in the project at " + project.root()));
        return of(domain, t, project.types(), project.settings());
    }

    /** The model of {@code table} of {@code domain}; only the types its attributes use are kept. */
    public static TableModel of(String domain, Table table, ProjectTypes types, Settings settings) {
        Map<String, TypeDef> used = new LinkedHashMap<>();
        collectTypes(table, table.attributes(), types, used);
        return new TableModel(domain, table, new ArrayList<>(used.values()), Objects.requireNonNull(settings));
    }

    private static void collectTypes(Table table, List<Attribute> attributes, ProjectTypes types,
            Map<String, TypeDef> used) {
        for (Attribute a : attributes) {
            if (a.isStruct()) {
                collectTypes(table, a.attributes(), types, used);
            } else if (!used.containsKey(a.type()) && !"struct".equals(a.type())) { // struct: the pseudo type
                SlType t = types.find(a.type()).orElseThrow(() -> new IllegalArgumentException("table "
                        + table.name() + ": unknown type '" + a.type() + "' for attribute '" + a.name() + "'"));
                used.put(a.type(), TypeDef.of(t));
            }
        }
    }

    public String domain() {
        return domain;
    }

    public Table table() {
        return table;
    }

    public Settings settings() {
        return settings;
    }

    /** The compiled validator, built on first use in this JVM (immutable and thread-safe, like the result). */
    public TableValidator validator() {
        TableValidator v = validator;
        if (v == null) {
            synchronized (this) {
                v = validator;
                if (v == null) {
                    List<SlType> compiled = types.stream().map(TypeDef::compile).toList();
                    v = TableValidator.of(domain, table, ProjectTypes.of(TypeCatalog.empty().withTypes(compiled)),
                            settings);
                    validator = v;
                }
            }
        }
        return v;
    }

    @Override
    public String toString() {
        return "TableModel[" + domain + "." + table.name() + "]";
    }
}
