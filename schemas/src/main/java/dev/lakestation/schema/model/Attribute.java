package dev.lakestation.schema.model;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One column of a table (Starlake's {@code TableAttribute}). Nullable fields mean "not set"; the
 * {@code resolveX()}/{@code isX()} methods apply Starlake's defaults.
 *
 * <pre>{@code
 * Attribute a = Attribute.named("amount").withType("decimal");
 * a.finalName();    // "amount" (rename when set)
 * a.isRequired();   // false: Starlake's default
 * }</pre>
 *
 * @param name         name in the source (header column, JSON key, XML element, {@code _attr} for XML attributes)
 * @param type         type name in the catalogue; default {@code "string"}; {@code struct} when nested
 * @param array        the value is an array; default false
 * @param required     null/missing values are rejected; default false
 * @param privacy      privacy transform ({@code NONE}, {@code MD5}, {@code sql:<expr>}, ...); default NONE
 * @param comment      description, or null
 * @param rename       output column name, or null
 * @param metricType   metric type (kept as written), or null
 * @param attributes   nested attributes (type is then a struct), never null
 * @param position     POSITION format range, or null
 * @param defaultValue value used when the input is null or empty, or null
 * @param tags         tags, never null
 * @param trim         trimming, or null (no trimming)
 * @param script       expression computing the column after validation (an {@code sql:} prefix is removed by
 *                     {@link #resolveScript()}), or null
 * @param foreignKey   {@code [domain.]table.attribute}, or null
 * @param ignore       validated then dropped from the output; default false
 * @param accessPolicy access policy, or null
 * @param sample       sample value, or null
 */
public record Attribute(String name, String type, Boolean array, Boolean required, String privacy, String comment,
                        String rename, String metricType, List<Attribute> attributes, Position position,
                        String defaultValue, Set<String> tags, Trim trim, String script, String foreignKey,
                        Boolean ignore, String accessPolicy, String sample)
        implements java.io.Serializable {

    /** Starlake's default attribute type. */
    public static final String DEFAULT_TYPE = "string";

    public Attribute {
        type = type == null ? DEFAULT_TYPE : type;
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
        tags = tags == null ? Set.of() : Set.copyOf(tags);
    }

    /** An attribute with only a name (all defaults). */
    public static Attribute named(String name) {
        return new Attribute(name, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    /** Copy with another type. */
    public Attribute withType(String t) {
        return new Attribute(name, t, array, required, privacy, comment, rename, metricType, attributes, position,
                defaultValue, tags, trim, script, foreignKey, ignore, accessPolicy, sample);
    }

    /** Output name: {@code rename} when set, else {@code name}. */
    public String finalName() {
        return rename != null ? rename : name;
    }

    /** {@code array}, default false. */
    public boolean isArray() {
        return array != null && array;
    }

    /** {@code required}, default false. */
    public boolean isRequired() {
        return required != null && required;
    }

    /** {@code ignore}, default false. */
    public boolean isIgnored() {
        return ignore != null && ignore;
    }

    /** True when nested attributes are declared (a struct). */
    public boolean isStruct() {
        return !attributes.isEmpty();
    }

    /** True when the column is computed by a script. */
    public boolean isScripted() {
        return script != null && !script.isBlank();
    }

    /** Trim mode, {@link Trim#NONE} when unset. */
    public Trim resolveTrim() {
        return trim == null ? Trim.NONE : trim;
    }

    /** Privacy transform as written, {@code "NONE"} when unset. */
    public String resolvePrivacy() {
        return privacy == null ? "NONE" : privacy;
    }

    /** Script without Starlake's optional {@code sql:} prefix, trimmed; empty when none. */
    public String resolveScript() {
        if (script == null) {
            return "";
        }
        String s = script.trim();
        return s.toUpperCase(Locale.ROOT).startsWith("SQL:") ? s.substring(4) : s;
    }

    /**
     * Output nullability as Starlake computes it: not required, and script columns are always nullable.
     */
    public boolean isNullable() {
        return !isRequired() || isScripted();
    }
}
