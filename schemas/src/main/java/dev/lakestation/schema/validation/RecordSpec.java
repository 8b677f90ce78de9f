package dev.lakestation.schema.validation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A table compiled for validation: its attributes in order plus the record-level settings that change
 * validation. Immutable. Built by the project model (or by hand in tests) and handed to
 * {@code RecordValidator} and {@code AvroSchemas}.
 *
 * <pre>{@code
 * RecordSpec spec = RecordSpec.builder("sales", "orders")
 *     .field(FieldSpec.builder("customer_id", catalog.find("int").orElseThrow()).required(true).build())
 *     .field(FieldSpec.builder("amount", catalog.find("decimal").orElseThrow()).build())
 *     .filter("amount > 0")
 *     .rejectWithValue(false)      // Starlake default
 *     .emptyIsNull(true)           // Starlake default
 *     .build();
 * }</pre>
 */
public final class RecordSpec {

    private final String domain;
    private final String table;
    private final List<FieldSpec> fields;
    private final String filter;
    private final boolean rejectWithValue;
    private final boolean emptyIsNull;
    private final boolean fillWithDefaultValue;

    private RecordSpec(Builder b) {
        this.domain = b.domain;
        this.table = b.table;
        this.fields = List.copyOf(b.fields);
        this.filter = b.filter;
        this.rejectWithValue = b.rejectWithValue;
        this.emptyIsNull = b.emptyIsNull;
        this.fillWithDefaultValue = b.fillWithDefaultValue;
    }

    /** Starts a spec for {@code domain.table} (names are used in messages and Avro record names). */
    public static Builder builder(String domain, String table) {
        return new Builder(domain, table);
    }

    public String domain() {
        return domain;
    }

    public String table() {
        return table;
    }

    /** {@code domain.table}. */
    public String qualifiedName() {
        return domain + "." + table;
    }

    /** All attributes in declaration order (script and ignored ones included). */
    public List<FieldSpec> fields() {
        return fields;
    }

    /** Table {@code filter} expression applied to accepted rows, or null. */
    public String filter() {
        return filter;
    }

    /** Append {@code : <value>} to every error message (Starlake {@code rejectWithValue}, default false). */
    public boolean rejectWithValue() {
        return rejectWithValue;
    }

    /** Empty strings become null before validation (Starlake {@code emptyIsNull}, default true). */
    public boolean emptyIsNull() {
        return emptyIsNull;
    }

    /**
     * Starlake's {@code metadata.fillWithDefaultValue} (default true). Starlake only uses it when it writes
     * metadata back; it does not change record validation. Carried so callers see the table's setting.
     */
    public boolean fillWithDefaultValue() {
        return fillWithDefaultValue;
    }

    @Override
    public String toString() {
        return qualifiedName() + fields;
    }

    /** Builder; {@link #build()} checks names are unique per level. */
    public static final class Builder {
        private final String domain;
        private final String table;
        private final List<FieldSpec> fields = new ArrayList<>();
        private String filter;
        private boolean rejectWithValue;
        private boolean emptyIsNull = true;
        private boolean fillWithDefaultValue = true;

        private Builder(String domain, String table) {
            this.domain = Objects.requireNonNull(domain, "domain");
            this.table = Objects.requireNonNull(table, "table");
        }

        public Builder field(FieldSpec field) {
            fields.add(Objects.requireNonNull(field));
            return this;
        }

        public Builder fields(List<FieldSpec> all) {
            all.forEach(this::field);
            return this;
        }

        /** Table filter (an expression of the validator's language); null or blank for none. */
        public Builder filter(String filter) {
            this.filter = filter == null || filter.isBlank() ? null : filter;
            return this;
        }

        public Builder rejectWithValue(boolean rejectWithValue) {
            this.rejectWithValue = rejectWithValue;
            return this;
        }

        public Builder emptyIsNull(boolean emptyIsNull) {
            this.emptyIsNull = emptyIsNull;
            return this;
        }

        public Builder fillWithDefaultValue(boolean fillWithDefaultValue) {
            this.fillWithDefaultValue = fillWithDefaultValue;
            return this;
        }

        public RecordSpec build() {
            if (fields.isEmpty()) {
                throw new IllegalArgumentException(domain + "." + table + ": a table needs at least one attribute");
            }
            checkUnique(fields, domain + "." + table);
            return new RecordSpec(this);
        }

        private static void checkUnique(List<FieldSpec> level, String where) {
            Set<String> names = new HashSet<>();
            Set<String> outputs = new HashSet<>();
            for (FieldSpec f : level) {
                if (!names.add(f.name())) {
                    throw new IllegalArgumentException(where + ": attribute `" + f.name() + "` is declared twice");
                }
                if (!outputs.add(f.outputName())) {
                    throw new IllegalArgumentException(where + ": two attributes are written as `" + f.outputName() + "`");
                }
                if (f.isStruct()) {
                    checkUnique(f.children(), where + "." + f.name());
                }
            }
        }
    }
}
