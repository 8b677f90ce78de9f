package dev.lakestation.schema.validation;

import dev.lakestation.schema.model.Trim;
import dev.lakestation.schema.types.SlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One attribute of a table, compiled for validation: independent of how the project model stores it.
 *
 * <pre>{@code
 * FieldSpec id = FieldSpec.builder("id", catalog.find("long").orElseThrow()).required(true).build();
 * FieldSpec addr = FieldSpec.struct("address", List.of(
 *         FieldSpec.builder("zip", catalog.find("string").orElseThrow()).trim(Trim.BOTH).build()))
 *     .rename("postal_address").build();
 * FieldSpec year = FieldSpec.builder("year", catalog.find("long").orElseThrow())
 *     .script("year(current_date())").build();
 * }</pre>
 *
 * <ul>
 *   <li>{@code name}: the name in the source (header column, JSON key, XML element; XML attributes use {@code _});</li>
 *   <li>{@code rename}: output column name, null = keep {@code name};</li>
 *   <li>{@code type}: the catalogue type ({@link SlType#struct()} for nested attributes);</li>
 *   <li>{@code array}, {@code required} (default false), {@code trim} (default NONE), {@code defaultValue}
 *       (used when the value is null, after trim and emptyIsNull);</li>
 *   <li>{@code privacy}: null/NONE, a privacy function name (HIDE, MD5, SHA1, SHA256, SHA512, INITIALS, ...) or
 *       {@code sql:<expression>};</li>
 *   <li>{@code script}: an expression computing the column after validation (optional {@code sql:} prefix); the
 *       column is not read from the input;</li>
 *   <li>{@code ignore}: validated, then dropped from the output;</li>
 *   <li>{@code children}: sub-attributes of a struct.</li>
 * </ul>
 */
public final class FieldSpec {

    private final String name;
    private final String rename;
    private final SlType type;
    private final boolean array;
    private final boolean required;
    private final Trim trim;
    private final String defaultValue;
    private final String privacy;
    private final String script;
    private final boolean ignore;
    private final String comment;
    private final List<FieldSpec> children;

    private FieldSpec(Builder b) {
        this.name = b.name;
        this.rename = b.rename;
        this.type = b.type;
        this.array = b.array;
        this.required = b.required;
        this.trim = b.trim;
        this.defaultValue = b.defaultValue;
        this.privacy = b.privacy;
        this.script = b.script;
        this.ignore = b.ignore;
        this.comment = b.comment;
        this.children = List.copyOf(b.children);
    }

    /** Starts a leaf attribute of the given catalogue type. */
    public static Builder builder(String name, SlType type) {
        return new Builder(name, type);
    }

    /** Starts a struct attribute with sub-attributes (type {@code struct}). */
    public static Builder struct(String name, List<FieldSpec> children) {
        Builder b = new Builder(name, SlType.struct());
        b.children.addAll(children);
        return b;
    }

    /** A builder pre-filled with this field, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder(name, type);
        b.rename = rename;
        b.array = array;
        b.required = required;
        b.trim = trim;
        b.defaultValue = defaultValue;
        b.privacy = privacy;
        b.script = script;
        b.ignore = ignore;
        b.comment = comment;
        b.children.addAll(children);
        return b;
    }

    /** Name in the source. */
    public String name() {
        return name;
    }

    /** Output name when renamed, else null. */
    public String rename() {
        return rename;
    }

    /** Output name: {@code rename} if set, otherwise {@code name}. */
    public String outputName() {
        return rename != null ? rename : name;
    }

    public SlType type() {
        return type;
    }

    public boolean isStruct() {
        return type.isStruct();
    }

    public boolean array() {
        return array;
    }

    public boolean required() {
        return required;
    }

    public Trim trim() {
        return trim;
    }

    /** Default value as written in YAML, or null. */
    public String defaultValue() {
        return defaultValue;
    }

    /** Privacy as written in YAML ({@code MD5}, {@code sql:md5(x)}...), or null for none. */
    public String privacy() {
        return privacy;
    }

    /** Script expression (without any {@code sql:} prefix handling), or null. */
    public String script() {
        return script;
    }

    public boolean isScript() {
        return script != null;
    }

    public boolean ignore() {
        return ignore;
    }

    public String comment() {
        return comment;
    }

    /** Sub-attributes of a struct, in order; empty for leaves. */
    public List<FieldSpec> children() {
        return children;
    }

    @Override
    public String toString() {
        return name + (rename == null ? "" : "->" + rename) + ":" + type.name() + (array ? "[]" : "")
                + (required ? " required" : "") + (children.isEmpty() ? "" : " " + children);
    }

    /** Builder; {@link #build()} checks consistency. */
    public static final class Builder {
        private final String name;
        private final SlType type;
        private String rename;
        private boolean array;
        private boolean required;
        private Trim trim = Trim.NONE;
        private String defaultValue;
        private String privacy;
        private String script;
        private boolean ignore;
        private String comment;
        private final List<FieldSpec> children = new ArrayList<>();

        private Builder(String name, SlType type) {
            this.name = Objects.requireNonNull(name, "name");
            this.type = Objects.requireNonNull(type, "type of " + name);
        }

        /** Output column name (null or blank = same as name). */
        public Builder rename(String rename) {
            this.rename = rename == null || rename.isBlank() ? null : rename;
            return this;
        }

        public Builder array(boolean array) {
            this.array = array;
            return this;
        }

        public Builder required(boolean required) {
            this.required = required;
            return this;
        }

        public Builder trim(Trim trim) {
            this.trim = trim == null ? Trim.NONE : trim;
            return this;
        }

        /** Value used when the input is null (after trim and emptyIsNull). */
        public Builder defaultValue(String defaultValue) {
            this.defaultValue = defaultValue;
            return this;
        }

        /** Privacy function name or {@code sql:<expr>}; null or {@code NONE} for none. */
        public Builder privacy(String privacy) {
            this.privacy = privacy;
            return this;
        }

        /** Expression computing the column after validation; makes the column output-only. */
        public Builder script(String script) {
            this.script = script == null || script.isBlank() ? null : script;
            return this;
        }

        public Builder ignore(boolean ignore) {
            this.ignore = ignore;
            return this;
        }

        public Builder comment(String comment) {
            this.comment = comment;
            return this;
        }

        /** Adds a sub-attribute (only for {@link FieldSpec#struct}). */
        public Builder child(FieldSpec child) {
            this.children.add(Objects.requireNonNull(child));
            return this;
        }

        public FieldSpec build() {
            if (type.isStruct() && children.isEmpty()) {
                throw new IllegalArgumentException("struct attribute `" + name + "` has no sub-attributes");
            }
            if (!type.isStruct() && !children.isEmpty()) {
                throw new IllegalArgumentException("attribute `" + name + "` of type `" + type.name()
                        + "` cannot have sub-attributes");
            }
            return new FieldSpec(this);
        }
    }
}
