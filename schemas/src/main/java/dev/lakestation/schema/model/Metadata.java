package dev.lakestation.schema.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Load metadata of a domain or a table (Starlake's {@code Metadata}). Every field is nullable, meaning "not set
 * here"; the {@code resolveX()} methods apply Starlake's defaults. Table metadata is merged over domain metadata
 * with {@link #merge(Metadata)}.
 *
 * <pre>{@code
 * Metadata domain = Metadata.EMPTY.withFormat(Format.DSV);
 * Metadata table = Metadata.EMPTY.withSeparator(",");
 * Metadata merged = domain.merge(table);
 * merged.resolveSeparator();  // ","
 * merged.resolveWithHeader(); // true (Starlake's default)
 * }</pre>
 *
 * @param format               input format; default {@link Format#DSV}
 * @param encoding             charset name; default UTF-8
 * @param multiline            records span lines (DSV quoted newlines, pretty JSON); default false
 * @param array                JSON file is one top-level array; default false
 * @param withHeader           DSV first line is a header; default true
 * @param separator            DSV delimiter (may be several chars); default ";"
 * @param quote                DSV quote; default {@code "}
 * @param escape               DSV escape; default {@code \}
 * @param sink                 output description; default {@link Sink#empty()}
 * @param directory            landing directory of the files (after variable substitution), or null
 * @param ack                  ack-file extension, or null
 * @param options              reader options ({@code rowTag} for XML, {@code skipRows} for DSV, ...)
 * @param loader               {@code spark} or {@code native} in Starlake, or null
 * @param emptyIsNull          empty string means null; default true
 * @param dagRef               DAG template name, or null
 * @param freshness            freshness thresholds, or null
 * @param nullValue            string read as null; default {@code ""} when emptyIsNull, else null
 * @param fillWithDefaultValue when false the {@code resolveX()} getters return null for unset fields; default true
 * @param schedule             cron expression or preset name, or null
 * @param writeStrategy        write strategy; default APPEND
 */
public record Metadata(Format format, String encoding, Boolean multiline, Boolean array, Boolean withHeader,
                       String separator, String quote, String escape, Sink sink, String directory, String ack,
                       Map<String, String> options, String loader, Boolean emptyIsNull, String dagRef,
                       Freshness freshness, String nullValue, Boolean fillWithDefaultValue, String schedule,
                       WriteStrategy writeStrategy) implements java.io.Serializable {

    /** Metadata with nothing set. */
    public static final Metadata EMPTY = new Metadata(null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null);

    public Metadata {
        options = options == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * Merges {@code child} (table level) over this (domain level): each field is the child's when set, else this
     * one's, exactly as Starlake's {@code Metadata.merge}. Whole values are replaced: the child's {@code options},
     * {@code sink} or {@code writeStrategy} replace the parent's, they are not combined. Like Starlake,
     * {@code fillWithDefaultValue} is not merged (the result uses the default, true).
     */
    public Metadata merge(Metadata child) {
        if (child == null) {
            return this;
        }
        return new Metadata(
                or(child.format, format), or(child.encoding, encoding), or(child.multiline, multiline),
                or(child.array, array), or(child.withHeader, withHeader), or(child.separator, separator),
                or(child.quote, quote), or(child.escape, escape), or(child.sink, sink),
                or(child.directory, directory), or(child.ack, ack), or(child.options, options),
                or(child.loader, loader), or(child.emptyIsNull, emptyIsNull), or(child.dagRef, dagRef),
                or(child.freshness, freshness), or(child.nullValue, nullValue), null,
                or(child.schedule, schedule), or(child.writeStrategy, writeStrategy));
    }

    private static <T> T or(T child, T parent) {
        return child != null ? child : parent;
    }

    private <T> T fin(T value, T dflt) {
        if (value != null) {
            return value;
        }
        return resolveFillWithDefaultValue() ? dflt : null;
    }

    /** {@code fillWithDefaultValue}, default true. */
    public boolean resolveFillWithDefaultValue() {
        return fillWithDefaultValue == null || fillWithDefaultValue;
    }

    /** Format, default DSV. */
    public Format resolveFormat() {
        return fin(format, Format.DSV);
    }

    /** Encoding, default UTF-8. */
    public String resolveEncoding() {
        return fin(encoding, "UTF-8");
    }

    /** Multiline, default false. */
    public Boolean resolveMultiline() {
        return fin(multiline, Boolean.FALSE);
    }

    /** JSON array, default false. */
    public Boolean resolveArray() {
        return fin(array, Boolean.FALSE);
    }

    /** Header line, default true. */
    public Boolean resolveWithHeader() {
        return fin(withHeader, Boolean.TRUE);
    }

    /** Separator, default ";". */
    public String resolveSeparator() {
        return fin(separator, ";");
    }

    /** Quote, default {@code "}. */
    public String resolveQuote() {
        return fin(quote, "\"");
    }

    /** Escape, default backslash. */
    public String resolveEscape() {
        return fin(escape, "\\");
    }

    /** emptyIsNull, default true (not affected by fillWithDefaultValue, as in Starlake). */
    public boolean resolveEmptyIsNull() {
        return emptyIsNull == null || emptyIsNull;
    }

    /** Null marker: the set value, else {@code ""} when emptyIsNull, else null (Starlake's rule). */
    public String resolveNullValue() {
        if (nullValue != null) {
            return nullValue;
        }
        return resolveEmptyIsNull() ? "" : null;
    }

    /** Reader options, never null. */
    public Map<String, String> resolveOptions() {
        return options == null ? Map.of() : options;
    }

    /** The sink, {@link Sink#empty()} when unset. */
    public Sink resolveSink() {
        return sink == null ? Sink.empty() : sink;
    }

    /** The write strategy, APPEND when unset. */
    public WriteStrategy resolveWriteStrategy() {
        return writeStrategy != null ? writeStrategy
                : new WriteStrategy(WriteStrategyType.APPEND, null, null, null, null, null, null, null);
    }

    /** XML row element ({@code options.rowTag}). */
    public Optional<String> rowTag() {
        return Optional.ofNullable(resolveOptions().get("rowTag"));
    }

    /** DSV lines to skip before the header or data ({@code options.skipRows}), 0 when unset or not a number. */
    public int skipRows() {
        String v = resolveOptions().get("skipRows");
        if (v == null) {
            return 0;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Copy with another format. */
    public Metadata withFormat(Format f) {
        return new Metadata(f, encoding, multiline, array, withHeader, separator, quote, escape, sink, directory,
                ack, options, loader, emptyIsNull, dagRef, freshness, nullValue, fillWithDefaultValue, schedule,
                writeStrategy);
    }

    /** Copy with another separator. */
    public Metadata withSeparator(String s) {
        return new Metadata(format, encoding, multiline, array, withHeader, s, quote, escape, sink, directory,
                ack, options, loader, emptyIsNull, dagRef, freshness, nullValue, fillWithDefaultValue, schedule,
                writeStrategy);
    }
}
