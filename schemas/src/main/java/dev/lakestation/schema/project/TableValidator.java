package dev.lakestation.schema.project;

import dev.lakestation.schema.model.Attribute;
import dev.lakestation.schema.model.Format;
import dev.lakestation.schema.model.Position;
import dev.lakestation.schema.model.Table;
import dev.lakestation.schema.validation.ExpressionException;
import dev.lakestation.schema.validation.InvalidSpecException;
import dev.lakestation.schema.validation.LineFilter;
import dev.lakestation.schema.validation.RecordContext;
import dev.lakestation.schema.validation.RecordSpec;
import dev.lakestation.schema.validation.RecordValidator;
import dev.lakestation.schema.validation.ValidationResult;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * Everything a load job needs to validate the records of one table, compiled once from the project model: the
 * {@link RecordValidator} of the table and, per format, how raw input reaches it the way Starlake's readers do.
 * <ul>
 *   <li>DSV: {@link #bindHeader(List)} when {@code withHeader}, else {@link #bindPositional()}.</li>
 *   <li>POSITION: {@link #validateLine(String, RecordContext)}: the table {@code filter} runs first on the raw
 *       line (column {@code value}, Starlake's read-time filter), then the line is cut at the attributes'
 *       {@code position}s and validated.</li>
 *   <li>JSON/XML: {@link #bindTree(Collection)} with the field names seen in the input (Spark infers one schema per
 *       file from all its records; {@link #fieldNames(Iterable)} computes that set), so an attribute absent from
 *       the whole input is {@code `col` is required} while a record lacking a key present elsewhere is
 *       {@code `col`  can't be null}.</li>
 * </ul>
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * TableValidator tv = TableValidator.of(project, "position", "account");
 * for (String line : lines) {
 *     ValidationResult r = tv.validateLine(line, ctx);  // Filtered(null) when the line filter drops it
 * }
 * TableValidator json = TableValidator.of(project, "json", "sample_json");
 * RecordValidator.TreeBinding b = json.bindTree(TableValidator.fieldNames(records));
 * records.forEach(m -> b.validate(m, ctx));
 * }</pre>
 */
public final class TableValidator {

    private final String domain;
    private final Table table;
    private final Format format;
    private final RecordValidator validator;
    private final LineFilter lineFilter;
    /** POSITION: {first, last} per input (non-script) attribute, in declaration order. */
    private final int[][] positions;
    private final RecordValidator.FlatBinding positional;

    private TableValidator(String domain, Table table, ProjectTypes types, Settings settings) {
        this.domain = domain;
        this.table = table;
        this.format = table.metadata().resolveFormat();
        RecordSpec spec = TableSpecs.toRecordSpec(domain, table, types, settings);
        this.validator = RecordValidator.of(spec);
        if (format == Format.POSITION && table.filter() != null) {
            try {
                this.lineFilter = LineFilter.compile(table.filter());
            } catch (ExpressionException e) {
                throw new InvalidSpecException(spec.qualifiedName(), List.of("filter: " + e.getMessage()));
            }
        } else {
            this.lineFilter = null;
        }
        this.positions = format == Format.POSITION ? positions(spec.qualifiedName(), table) : null;
        this.positional = validator.bindPositional();
    }

    /**
     * Compiles {@code domain.table} of a loaded project.
     *
     * @throws IllegalArgumentException when the table does not exist
     * @throws InvalidSpecException     when a script, filter or privacy expression cannot be compiled (a project
     *                                  that loaded without errors never has one)
     */
    public static TableValidator of(Project project, String domain, String table) {
        Table t = project.table(domain, table).orElseThrow(() -> new IllegalArgumentException(
                "no table " + domain + "." + table + " in the project at " + project.root()));
        return of(domain, t, project.types(), project.settings());
    }

    /** Compiles {@code table} of {@code domain}; see {@link #of(Project, String, String)}. */
    public static TableValidator of(String domain, Table table, ProjectTypes types, Settings settings) {
        return new TableValidator(domain, table, types, settings);
    }

    /**
     * The top-level field names of a tree input, the union over all its records: the schema Spark infers for a
     * JSON/XML file. Pass it to {@link #bindTree(Collection)}.
     */
    public static Set<String> fieldNames(Iterable<? extends Map<String, ?>> records) {
        Set<String> names = new LinkedHashSet<>();
        for (Map<String, ?> r : records) {
            names.addAll(r.keySet());
        }
        return names;
    }

    public String domain() {
        return domain;
    }

    public Table table() {
        return table;
    }

    /** The table's merged format ({@link Format#DSV} when unset). */
    public Format format() {
        return format;
    }

    /** The record validator (its spec has no filter for POSITION tables: the filter runs on the raw line). */
    public RecordValidator validator() {
        return validator;
    }

    /** Avro schema of accepted records. */
    public Schema schema() {
        return validator.schema();
    }

    /** The read-time filter of a POSITION table, if it has a {@code filter}. */
    public Optional<LineFilter> lineFilter() {
        return Optional.ofNullable(lineFilter);
    }

    /** DSV with a header: columns matched by header name. */
    public RecordValidator.FlatBinding bindHeader(List<String> header) {
        return validator.bindHeader(header);
    }

    /** DSV without a header: the n-th value goes to the n-th declared non-script attribute. */
    public RecordValidator.FlatBinding bindPositional() {
        return positional;
    }

    /** JSON/XML: records of one input whose top-level field names are {@code inputFieldNames}. */
    public RecordValidator.TreeBinding bindTree(Collection<String> inputFieldNames) {
        return validator.bindTree(inputFieldNames);
    }

    /**
     * POSITION: the values of the non-script attributes cut from {@code line} like Spark's
     * {@code substring(line, first + 1, last - first + 1)}: a range past the end of the line is shortened or empty.
     */
    public String[] cut(String line) {
        requirePosition();
        String[] values = new String[positions.length];
        int n = line.length();
        for (int i = 0; i < positions.length; i++) {
            int first = Math.min(positions[i][0], n);
            values[i] = line.substring(first, Math.max(first, Math.min(positions[i][1] + 1, n)));
        }
        return values;
    }

    /**
     * POSITION: Starlake's read path for one line: the table filter on the raw line ({@code value}); a line it
     * does not keep gives {@code ValidationResult.Filtered(null)}; otherwise the line is {@linkplain #cut cut} and
     * validated.
     */
    public ValidationResult validateLine(String line, RecordContext ctx) {
        requirePosition();
        if (lineFilter != null && !lineFilter.test(line, ctx)) {
            return new ValidationResult.Filtered(null);
        }
        return positional.validate(cut(line), ctx);
    }

    private void requirePosition() {
        if (positions == null) {
            throw new IllegalStateException("table " + domain + "." + table.name() + " is " + format
                    + ", not POSITION");
        }
    }

    /** A loaded project always has them (a POSITION attribute without one is a project error). */
    private static int[][] positions(String qualifiedName, Table table) {
        List<Attribute> read = table.attributes().stream().filter(a -> !a.isScripted()).toList();
        int[][] out = new int[read.size()][];
        for (int i = 0; i < out.length; i++) {
            Position p = read.get(i).position();
            if (p == null) {
                throw new IllegalArgumentException(qualifiedName + ": attribute '" + read.get(i).name()
                        + "' of a POSITION table has no position {first, last}");
            }
            out[i] = new int[] {p.first(), p.last()};
        }
        return out;
    }
}
