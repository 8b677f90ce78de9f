package dev.lakestation.schema.project;

import dev.lakestation.schema.model.Attribute;
import dev.lakestation.schema.model.Format;
import dev.lakestation.schema.model.Table;
import dev.lakestation.schema.types.SlType;
import dev.lakestation.schema.validation.FieldSpec;
import dev.lakestation.schema.validation.RecordSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a model {@link Table} into the validator's {@link RecordSpec}: types resolved in the catalogue, trim,
 * default, privacy, script, ignore and rename carried over, {@code emptyIsNull} from the table's merged metadata
 * (else the application setting) and {@code rejectWithValue} from the settings. The table {@code filter} goes into
 * the spec except for POSITION tables, where Starlake applies it to the raw line at read time: {@link TableValidator}
 * runs it as a {@link dev.lakestation.schema.validation.LineFilter}.
 *
 * <pre>{@code
 * Project p = ProjectLoader.load(root, null).orThrow();
 * RecordSpec spec = TableSpecs.toRecordSpec(p, "sales", "orders");
 * }</pre>
 */
public final class TableSpecs {
    private TableSpecs() {
    }

    /** The spec of {@code domain.table} of a loaded project. */
    public static RecordSpec toRecordSpec(Project project, String domain, String table) {
        Table t = project.table(domain, table).orElseThrow(() -> new IllegalArgumentException(
                "no table " + domain + "." + table + " in the project at " + project.root()));
        return toRecordSpec(domain, t, project.types(), project.settings());
    }

    /**
     * The spec of {@code table} of {@code domain}.
     *
     * @throws IllegalArgumentException when an attribute's type is not in {@code types} (a project that loaded
     *                                  without errors never has one)
     */
    public static RecordSpec toRecordSpec(String domain, Table table, ProjectTypes types, Settings settings) {
        Boolean emptyIsNull = table.metadata().emptyIsNull();
        return RecordSpec.builder(domain, table.name())
                .fields(fields(table, table.attributes(), types))
                .filter(table.metadata().resolveFormat() == Format.POSITION ? null : table.filter())
                .rejectWithValue(settings.rejectWithValue())
                .emptyIsNull(emptyIsNull != null ? emptyIsNull : settings.emptyIsNull())
                .fillWithDefaultValue(table.metadata().resolveFillWithDefaultValue())
                .build();
    }

    private static List<FieldSpec> fields(Table table, List<Attribute> attributes, ProjectTypes types) {
        List<FieldSpec> out = new ArrayList<>();
        for (Attribute a : attributes) {
            FieldSpec.Builder b;
            if (a.isStruct()) {
                b = FieldSpec.struct(a.name(), fields(table, a.attributes(), types));
            } else {
                SlType type = types.find(a.type()).orElseThrow(() -> new IllegalArgumentException(
                        "table " + table.name() + ": unknown type '" + a.type() + "' for attribute '" + a.name() + "'"));
                b = FieldSpec.builder(a.name(), type);
            }
            out.add(b.rename(a.rename())
                    .array(a.isArray())
                    .required(a.isRequired())
                    .trim(a.resolveTrim())
                    .defaultValue(a.defaultValue())
                    .privacy(a.privacy())
                    .script(a.script())
                    .ignore(a.isIgnored())
                    .comment(a.comment())
                    .build());
        }
        return out;
    }
}
