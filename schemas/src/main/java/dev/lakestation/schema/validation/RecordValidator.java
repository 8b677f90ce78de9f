package dev.lakestation.schema.validation;

import dev.lakestation.schema.avro.AvroSchemas;
import dev.lakestation.schema.privacy.Privacy;
import dev.lakestation.schema.privacy.PrivacyFunction;
import dev.lakestation.schema.types.PrimitiveType;
import dev.lakestation.schema.types.SlType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Validates raw records against a {@link RecordSpec} the way Starlake's row validator does, and produces typed
 * Avro records ({@link AvroSchemas#forSpec}) or a {@link Rejection} carrying every error with Starlake's texts.
 * Built once per table; immutable and thread-safe; pure Java.
 *
 * <p>Per record, in Starlake's order: trim → empty string to null ({@code emptyIsNull}) → {@code default} →
 * validate (null/required, pattern, cast) → convert → rename → {@code script} columns → privacy (functions and
 * {@code sql:}) → table {@code filter} → drop {@code ignore} columns.
 *
 * <pre>{@code
 * RecordValidator validator = RecordValidator.of(spec);
 * RecordValidator.FlatBinding csv = validator.bindHeader(List.of("id", "name", "amount"));
 * RecordContext ctx = RecordContext.of("/data/ingesting/sales/orders.csv");
 * ValidationResult r = csv.validate(new String[] {"1", "Ada", "12.50"}, ctx);
 * ValidationResult j = validator.validate(Map.of("id", 1L, "name", "Ada"), ctx);   // JSON/XML tree
 * }</pre>
 */
public final class RecordValidator {

    private final RecordSpec spec;
    private final Schema schema;
    private final FieldPlan[] all;
    private final FieldPlan[] inputs;
    private final FieldPlan[] scripts;
    private final FieldPlan[] privacies;
    private final FieldPlan[] outputs;
    private final Expression filter;
    private final boolean emptyIsNull;
    private final boolean rejectWithValue;
    private final boolean needsRaw;
    /** No script, privacy or filter: flat values go straight into the Avro record. */
    private final boolean direct;
    private final Map<String, Integer> inputIndexByName;

    private RecordValidator(RecordSpec spec) {
        this.spec = spec;
        this.schema = AvroSchemas.forSpec(spec);
        this.emptyIsNull = spec.emptyIsNull();
        this.rejectWithValue = spec.rejectWithValue();
        List<String> problems = new ArrayList<>();
        List<FieldSpec> fields = spec.fields();
        Scope scope = new Scope(fields, schema);
        this.all = new FieldPlan[fields.size()];
        List<FieldPlan> in = new ArrayList<>();
        List<FieldPlan> sc = new ArrayList<>();
        List<FieldPlan> pr = new ArrayList<>();
        List<FieldPlan> out = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            FieldSpec f = fields.get(i);
            FieldPlan p = plan(f, i, schema, f.name(), true, scope, problems);
            all[i] = p;
            if (p.script != null) {
                sc.add(p);
            } else {
                in.add(p);
            }
            if (p.privacySql != null || (p.privacy != null && p.script == null && !p.array && !p.struct)) {
                pr.add(p);
            }
            if (p.avroPos >= 0) {
                out.add(p);
            }
        }
        Expression f = null;
        if (spec.filter() != null) {
            try {
                f = Expression.compile(spec.filter(), scope);
            } catch (ExpressionException e) {
                problems.add("filter: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(spec.qualifiedName(), problems);
        }
        this.filter = f;
        this.inputs = in.toArray(new FieldPlan[0]);
        this.scripts = sc.toArray(new FieldPlan[0]);
        this.privacies = pr.toArray(new FieldPlan[0]);
        this.outputs = out.toArray(new FieldPlan[0]);
        this.needsRaw = pr.stream().anyMatch(p -> p.privacy != null);
        this.direct = scripts.length == 0 && privacies.length == 0 && filter == null;
        this.inputIndexByName = new HashMap<>();
        for (int i = 0; i < inputs.length; i++) {
            inputIndexByName.put(inputs[i].name, i);
        }
    }

    /**
     * Compiles a validator.
     *
     * @throws InvalidSpecException listing every problem (unknown function or column in a script/filter/sql privacy,
     *     unknown privacy function, script or sql privacy inside a struct)
     */
    public static RecordValidator of(RecordSpec spec) {
        return new RecordValidator(spec);
    }

    private FieldPlan plan(FieldSpec f, int slot, Schema parent, String path, boolean topLevel, Scope scope,
            List<String> problems) {
        int avroPos = -1;
        Schema valueSchema = null;
        if (!f.ignore()) {
            Schema.Field af = parent.getField(AvroSchemas.avroName(f.outputName()));
            avroPos = af.pos();
            valueSchema = FieldPlan.unwrapNull(af.schema());
        }
        PrivacyFunction privacy = null;
        Expression privacySql = null;
        if (!Privacy.isNone(f.privacy())) {
            if (Privacy.isSql(f.privacy())) {
                if (!topLevel) {
                    problems.add("attribute `" + path + "`: sql: privacy is only supported on top-level attributes");
                } else {
                    try {
                        privacySql = Expression.compile(Privacy.sqlExpression(f.privacy()), scope);
                    } catch (ExpressionException e) {
                        problems.add("attribute `" + path + "` privacy: " + e.getMessage());
                    }
                }
            } else {
                privacy = Privacy.function(f.privacy()).orElse(null);
                if (privacy == null) {
                    problems.add("attribute `" + path + "`: unknown privacy `" + f.privacy() + "` (supported: "
                            + Privacy.names() + ", sql:<expression>)");
                }
            }
        }
        Expression script = null;
        if (f.isScript()) {
            if (!topLevel) {
                problems.add("attribute `" + path + "`: script is only supported on top-level attributes");
            } else if (f.isStruct() || f.array()) {
                problems.add("attribute `" + path + "`: a script column must be a scalar");
            } else {
                try {
                    script = Expression.compile(f.script(), scope);
                } catch (ExpressionException e) {
                    problems.add("attribute `" + path + "` script: " + e.getMessage());
                }
            }
        }
        FieldPlan[] children = null;
        if (f.isStruct()) {
            Schema childParent = valueSchema;
            if (childParent != null && childParent.getType() == Schema.Type.ARRAY) {
                childParent = FieldPlan.unwrapNull(childParent.getElementType());
            }
            if (childParent == null) { // ignored struct: validate against a throw-away schema
                childParent = AvroSchemas.forSpec(RecordSpec.builder("ignored", f.name()).fields(f.children()).build());
            }
            children = new FieldPlan[f.children().size()];
            for (int i = 0; i < children.length; i++) {
                FieldSpec c = f.children().get(i);
                children[i] = plan(c, i, childParent, path + "." + c.name(), false, scope, problems);
            }
        }
        return new FieldPlan(f, slot, avroPos, privacy, privacySql, script, children, valueSchema);
    }

    /** The spec this validator was built from. */
    public RecordSpec spec() {
        return spec;
    }

    /** Avro schema of accepted records. */
    public Schema schema() {
        return schema;
    }

    /** Source names of the attributes read from the input (script columns excluded), in declaration order. */
    public List<String> inputNames() {
        List<String> names = new ArrayList<>(inputs.length);
        for (FieldPlan p : inputs) {
            names.add(p.name);
        }
        return names;
    }

    // ------------------------------------------------------------------ flat input (DSV, POSITION)

    /**
     * Binding for a file with a header: columns are matched by header name; undeclared columns are dropped;
     * a declared column absent from the header is {@code `col` is required} when required, else its default/null.
     */
    public FlatBinding bindHeader(List<String> header) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            index.putIfAbsent(header.get(i), i);
        }
        int[] columns = new int[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            columns[k] = index.getOrDefault(inputs[k].name, FlatBinding.MISSING);
        }
        return new FlatBinding(this, columns);
    }

    /** Binding without header: the n-th value goes to the n-th declared (non-script) attribute. */
    public FlatBinding bindPositional() {
        int[] columns = new int[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            columns[k] = k;
        }
        return new FlatBinding(this, columns);
    }

    /** Validates flat string values through a precomputed column mapping. Thread-safe. */
    public static final class FlatBinding {
        static final int MISSING = -1;
        private final RecordValidator validator;
        private final int[] columns;

        private FlatBinding(RecordValidator validator, int[] columns) {
            this.validator = validator;
            this.columns = columns;
        }

        /** Validates one row; missing trailing values are null (Spark's permissive CSV). */
        public ValidationResult validate(String[] row, RecordContext ctx) {
            return validator.validateFlat(columns, row, ctx);
        }
    }

    ValidationResult validateFlat(int[] columns, String[] row, RecordContext ctx) {
        GenericData.Record rec = direct ? new GenericData.Record(schema) : null;
        Object[] vals = direct ? null : new Object[all.length];
        String[] raws = needsRaw ? new String[all.length] : null;
        List<String> errors = null;
        for (int k = 0; k < inputs.length; k++) {
            FieldPlan p = inputs[k];
            int col = columns[k];
            String raw;
            if (col == FlatBinding.MISSING) {
                if (p.required) {
                    errors = add(errors, message(p.name, "is required", null, true));
                    continue;
                }
                raw = p.defaultValue;
                if (raw != null) { // fitted like Starlake: an unusable default is null, not an error
                    Object v = p.struct || p.array ? null : p.type.parse(raw);
                    v = v == SlType.MISMATCH || v == SlType.NOT_CONVERTIBLE ? null : v;
                    store(vals, rec, p, v);
                    if (raws != null) {
                        raws[p.slot] = v == null ? null : raw;
                    }
                }
                continue;
            }
            raw = col < row.length ? row[col] : null;
            if (p.struct || p.array) {
                if (raw == null || (emptyIsNull && raw.isEmpty())) {
                    if (p.required) {
                        errors = add(errors, message(p.name, " can't be null", p.name, false));
                    }
                } else {
                    errors = add(errors, p.array ? message(p.name, "is not an array", raw, false)
                            : message(p.name, "expected to be a " + p.type.name() + " but found string", raw, false));
                }
                continue;
            }
            raw = prepare(p, raw);
            if (raw == null) {
                if (p.required) {
                    errors = add(errors, message(p.name, " can't be null", p.name, false));
                }
                continue;
            }
            Object v = p.variant ? raw : p.type.parse(raw);
            if (v == SlType.MISMATCH) {
                errors = add(errors, message(p.name, p.patternMessage, raw, false));
            } else if (v == SlType.NOT_CONVERTIBLE) {
                errors = add(errors, message(p.name, p.castMessage, raw, false));
            } else {
                store(vals, rec, p, v);
                if (p.privacyCheck && ExprValues.toAvro(p.privacy.apply(raw), p.type) == null) {
                    errors = add(errors, message(p.name, "input and privacy output type are not compatible", raw, false));
                }
                if (raws != null) {
                    raws[p.slot] = raw;
                }
            }
        }
        if (errors != null) {
            return new ValidationResult.Rejected(new Rejection(errors));
        }
        if (rec != null) {
            return new ValidationResult.Accepted(rec);
        }
        return finish(vals, raws, ctx);
    }

    private static void store(Object[] vals, GenericData.Record rec, FieldPlan p, Object v) {
        if (vals != null) {
            vals[p.slot] = v;
        } else if (p.avroPos >= 0 && v != null) {
            rec.put(p.avroPos, p.toAvroLeaf(v));
        }
    }

    /** trim → emptyIsNull → default. */
    private String prepare(FieldPlan p, String raw) {
        if (raw != null) {
            raw = p.trim.apply(raw);
            if (emptyIsNull && raw.isEmpty()) {
                raw = null;
            }
        }
        return raw == null ? p.defaultValue : raw;
    }

    private static List<String> add(List<String> errors, String error) {
        List<String> e = errors == null ? new ArrayList<>(4) : errors;
        e.add(error);
        return e;
    }

    /**
     * Starlake's error text: {@code `path` <text>}, plus {@code : <value>} when rejectWithValue is on
     * ({@code NULL} for a missing value). Like Starlake, "can't be null" quotes the path as the value.
     */
    private String message(String path, String text, String value, boolean nullValue) {
        String m = "`" + path + "` " + text;
        if (!rejectWithValue) {
            return m;
        }
        return m + ": " + (nullValue || value == null ? "NULL" : value);
    }

    // ------------------------------------------------------------------ tree input (JSON, XML)

    /**
     * Validates a tree record: maps for structs, lists for arrays, scalar leaves (String, Number, Boolean).
     * A missing key is a null value. Numbers and booleans are validated through their text form, except a
     * Double for a double attribute and a Boolean for a boolean one, which are taken as they are (Starlake skips
     * validation when the input is already typed).
     */
    public ValidationResult validate(Map<String, ?> record, RecordContext ctx) {
        return validateTree(null, record, ctx);
    }

    /**
     * Binding for tree inputs whose schema is known per file (Spark infers it from all records): a declared
     * top-level attribute absent from {@code inputFieldNames} gives {@code `col` is required} when required,
     * else its default or null, exactly like a column missing from a DSV header.
     */
    public TreeBinding bindTree(java.util.Collection<String> inputFieldNames) {
        boolean[] absent = new boolean[inputs.length];
        java.util.Set<String> names = new java.util.HashSet<>(inputFieldNames);
        for (int k = 0; k < inputs.length; k++) {
            absent[k] = !names.contains(inputs[k].name);
        }
        return new TreeBinding(this, absent);
    }

    /** Validates tree records of one input whose field names are known. Thread-safe. */
    public static final class TreeBinding {
        private final RecordValidator validator;
        private final boolean[] absent;

        private TreeBinding(RecordValidator validator, boolean[] absent) {
            this.validator = validator;
            this.absent = absent;
        }

        public ValidationResult validate(Map<String, ?> record, RecordContext ctx) {
            return validator.validateTree(absent, record, ctx);
        }
    }

    private ValidationResult validateTree(boolean[] absent, Map<String, ?> record, RecordContext ctx) {
        Object[] vals = new Object[all.length];
        String[] raws = needsRaw ? new String[all.length] : null;
        List<String> errors = new ArrayList<>(0);
        for (int k = 0; k < inputs.length; k++) {
            FieldPlan p = inputs[k];
            if (absent != null && absent[k]) {
                if (p.required) {
                    errors.add(message(p.name, "is required", null, true));
                } else if (p.defaultValue != null && !p.struct && !p.array) {
                    Object v = p.type.parse(p.defaultValue);
                    vals[p.slot] = v == SlType.MISMATCH || v == SlType.NOT_CONVERTIBLE ? null : v;
                    if (raws != null && vals[p.slot] != null) {
                        raws[p.slot] = p.defaultValue;
                    }
                }
                continue;
            }
            vals[p.slot] = treeValue(p, record.get(p.name), p.name, errors, raws);
        }
        if (!errors.isEmpty()) {
            return new ValidationResult.Rejected(new Rejection(errors));
        }
        return finish(vals, raws, ctx);
    }

    private Object treeValue(FieldPlan p, Object value, String path, List<String> errors, String[] raws) {
        if (p.array) {
            if (value == null) {
                if (p.required) {
                    errors.add(message(path, " can't be null", path, false));
                }
                return null;
            }
            if (!(value instanceof List)) {
                errors.add(message(path, "is not an array", text(value), false));
                return null;
            }
            List<?> list = (List<?>) value;
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                Object e = treeElement(p, list.get(i), path + "[" + i + "]", errors, null);
                out.add(p.struct || e == null ? e : p.toAvroLeaf(e));
            }
            return out;
        }
        return treeElement(p, value, path, errors, raws);
    }

    private Object treeElement(FieldPlan p, Object value, String path, List<String> errors, String[] raws) {
        if (p.struct) {
            if (value != null && !(value instanceof Map)) {
                errors.add(message(path, "expected to be a " + p.type.name() + " but found " + typeOf(value),
                        text(value), false));
                return null;
            }
            Map<?, ?> map = (Map<?, ?>) value;
            GenericData.Record rec = map == null ? null : new GenericData.Record(p.recordSchema);
            for (FieldPlan c : p.children) {
                Object v = treeValue(c, map == null ? null : map.get(c.name), path + "." + c.name, errors, null);
                if (rec != null && c.avroPos >= 0) {
                    rec.put(c.avroPos, c.struct || c.array ? v : c.toAvroLeaf(v));
                }
            }
            return rec;
        }
        if (value instanceof Map || (value instanceof List && !p.variant)) {
            errors.add(message(path, "expected to be a " + p.type.name() + " but found " + typeOf(value), text(value),
                    false));
            return null;
        }
        if (p.variant) {
            String raw = value instanceof String ? prepare(p, (String) value)
                    : value == null ? p.defaultValue : Json.write(value);
            return raw == null ? null : keep(p, raw, raw, raws);
        }
        String raw;
        if (value == null || value instanceof String) {
            raw = prepare(p, (String) value);
        } else if (value instanceof Double && p.primitive == PrimitiveType.DOUBLE
                || value instanceof Boolean && p.primitive == PrimitiveType.BOOLEAN) {
            // already typed: no pattern check, like Starlake; its text only when something reads it
            return raws == null && p.privacy == null ? value : keep(p, value, value.toString(), raws);
        } else {
            raw = text(value);
        }
        if (raw == null) {
            if (p.required) {
                errors.add(message(path, " can't be null", path, false));
            }
            return null;
        }
        Object v = p.type.parse(raw);
        if (v == SlType.MISMATCH) {
            errors.add(message(path, p.patternMessage, raw, false));
            return null;
        }
        if (v == SlType.NOT_CONVERTIBLE) {
            errors.add(message(path, p.castMessage, raw, false));
            return null;
        }
        if (p.privacyCheck && ExprValues.toAvro(p.privacy.apply(raw), p.type) == null) {
            errors.add(message(path, "input and privacy output type are not compatible", raw, false));
        }
        return keep(p, v, raw, raws);
    }

    /** Top-level values keep their text for the privacy step; nested ones get their privacy function now. */
    private static Object keep(FieldPlan p, Object v, String raw, String[] raws) {
        if (raws == null) {
            return p.privacy != null ? ExprValues.toAvro(p.privacy.apply(raw), p.type) : v;
        }
        raws[p.slot] = raw;
        return v;
    }

    private static String typeOf(Object v) {
        if (v instanceof Map) {
            return "struct";
        }
        if (v instanceof List) {
            for (Object o : (List<?>) v) {
                if (o != null) {
                    return typeOf(o);
                }
            }
            return "string";
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof java.math.BigInteger) {
            return "long";
        }
        if (v instanceof Double || v instanceof Float) {
            return "double";
        }
        if (v instanceof java.math.BigDecimal) {
            return "decimal";
        }
        if (v instanceof Boolean) {
            return "boolean";
        }
        return "string";
    }

    private static String text(Object v) {
        return ExprValues.toText(v);
    }

    // ------------------------------------------------------------------ after validation

    private ValidationResult finish(Object[] vals, String[] raws, RecordContext ctx) {
        RowContext row = null;
        if (scripts.length > 0 || privacies.length > 0 || filter != null) {
            row = new RowContext(vals, ctx);
            for (FieldPlan p : scripts) {
                vals[p.slot] = ExprValues.toAvro(p.script.evaluate(row), p.type);
            }
            for (FieldPlan p : privacies) {
                if (p.privacySql != null) {
                    vals[p.slot] = ExprValues.toAvro(p.privacySql.evaluate(row), p.type);
                } else {
                    String raw = raws[p.slot];
                    vals[p.slot] = raw == null ? null : ExprValues.toAvro(p.privacy.apply(raw), p.type);
                }
            }
        }
        GenericData.Record rec = new GenericData.Record(schema);
        for (FieldPlan p : outputs) {
            Object v = vals[p.slot];
            rec.put(p.avroPos, v == null || p.struct || p.array ? v : p.toAvroLeaf(v));
        }
        if (filter != null && !Boolean.TRUE.equals(ExprValues.toBoolean(filter.evaluate(row)))) {
            return new ValidationResult.Filtered(rec);
        }
        return new ValidationResult.Accepted(rec);
    }

    /** Column lookup for expressions: output names first, then source names; case-insensitive like Spark. */
    private static final class Scope implements Expression.Scope {
        private final Map<String, Integer> byName = new HashMap<>();
        private final List<FieldSpec> fields;

        Scope(List<FieldSpec> fields, Schema schema) {
            this.fields = fields;
            for (int i = 0; i < fields.size(); i++) {
                byName.putIfAbsent(fields.get(i).outputName().toLowerCase(Locale.ROOT), i);
            }
            for (int i = 0; i < fields.size(); i++) {
                byName.putIfAbsent(fields.get(i).name().toLowerCase(Locale.ROOT), i);
            }
        }

        @Override
        public Expression.ColumnRef resolve(List<String> parts) {
            Integer slot = byName.get(parts.get(0).toLowerCase(Locale.ROOT));
            if (slot == null) {
                return null;
            }
            FieldSpec f = fields.get(slot);
            String[] path = new String[parts.size() - 1];
            for (int i = 1; i < parts.size(); i++) {
                if (!f.isStruct() || f.array()) {
                    return null;
                }
                FieldSpec child = null;
                for (FieldSpec c : f.children()) {
                    if (c.outputName().equalsIgnoreCase(parts.get(i)) || c.name().equalsIgnoreCase(parts.get(i))) {
                        child = c;
                        break;
                    }
                }
                if (child == null) {
                    return null;
                }
                path[i - 1] = AvroSchemas.avroName(child.outputName());
                f = child;
            }
            PrimitiveType type = f.isStruct() || f.array() ? null : f.type().primitiveType();
            return new Expression.ColumnRef(slot, path, type);
        }
    }
}
