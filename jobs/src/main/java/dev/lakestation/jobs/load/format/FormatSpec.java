package dev.lakestation.jobs.load.format;

import dev.lakestation.schema.model.Format;
import dev.lakestation.schema.model.Metadata;
import dev.lakestation.schema.model.Table;

import java.io.Serializable;

/**
 * Serializable description of how to read a table's files, built from the table's merged metadata.
 *
 * <pre>{@code
 * FormatSpec spec = FormatSpec.of(table, false);          // table.metadata() is the merged metadata
 * boolean parallel = spec.splittable("orders.csv");      // DSV not multiline, POSITION, ASCII-compatible charset
 * }</pre>
 *
 * @param format          DSV, POSITION, JSON, JSON_FLAT or XML (TEXT_XML is read as XML)
 * @param encoding        charset name (Java name or alias)
 * @param multiline       DSV: quoted values may contain line ends; JSON: the file is one document stream
 * @param array           JSON: the file is one top-level array of objects
 * @param withHeader      DSV: the first line after {@code skipRows} is the header
 * @param separator       DSV separator, one or more characters
 * @param quote           DSV quote character, empty = no quoting
 * @param escape          DSV escape character inside quotes, empty = none
 * @param nullValue       DSV value read as null (null = none)
 * @param skipRows        DSV lines skipped before the header or the data
 * @param rowTag          XML element that is one record
 * @param needFieldNames  JSON/XML: collect the union of top-level keys of the file ({@link RecordReader#inputColumns()})
 * @param payloadIsFile   {@link Readers#openPayload}: the payload is a whole file with several records
 * @param keepRawText     set {@link RawRecord#rawText} on every record (error records always have it when
 *                        the format has a raw text); off by default, it costs one String per record
 */
public record FormatSpec(Format format, String encoding, boolean multiline, boolean array, boolean withHeader,
                         String separator, String quote, String escape, String nullValue, int skipRows,
                         String rowTag, boolean needFieldNames, boolean payloadIsFile, boolean keepRawText) implements Serializable {

    public FormatSpec {
        if (format == Format.TEXT_XML) {
            format = Format.XML;
        }
        if (format != Format.DSV && format != Format.POSITION && format != Format.JSON
                && format != Format.JSON_FLAT && format != Format.XML) {
            throw new IllegalArgumentException("format " + format + " has no file reader (DSV, POSITION, JSON, "
                    + "JSON_FLAT, XML are supported)");
        }
        if (format == Format.DSV && (separator == null || separator.isEmpty())) {
            throw new IllegalArgumentException("DSV separator must not be empty");
        }
        if (quote != null && quote.length() > 1 || escape != null && escape.length() > 1) {
            throw new IllegalArgumentException("DSV quote and escape must be one character (quote '" + quote
                    + "', escape '" + escape + "')");
        }
        if (format == Format.XML && (rowTag == null || rowTag.isBlank())) {
            throw new IllegalArgumentException("XML needs options.rowTag");
        }
        Encodings.charset(encoding); // fails early on an unknown charset
        skipRows = Math.max(0, skipRows);
    }

    /**
     * The spec of a table from its merged metadata ({@code table.metadata()}); Starlake's defaults apply to
     * unset fields, also when {@code fillWithDefaultValue} is false.
     */
    public static FormatSpec of(Table table, boolean needFieldNames) {
        Metadata m = table.metadata() == null ? Metadata.EMPTY : table.metadata();
        return new FormatSpec(
                or(m.resolveFormat(), Format.DSV), or(m.resolveEncoding(), "UTF-8"),
                or(m.resolveMultiline(), false), or(m.resolveArray(), false), or(m.resolveWithHeader(), true),
                or(m.resolveSeparator(), ";"), or(m.resolveQuote(), "\""), or(m.resolveEscape(), "\\"),
                m.resolveNullValue(), m.skipRows(), m.rowTag().orElse(null), needFieldNames, false, false);
    }

    private static <T> T or(T v, T d) {
        return v != null ? v : d;
    }

    /**
     * Whether a file of this table can be read as several byte ranges: DSV without multiline and POSITION, in
     * an ASCII-compatible charset (UTF-8, ISO-8859-*, Windows-125*, US-ASCII), and not compressed.
     */
    public boolean splittable(String fileName) {
        boolean lineFormat = format == Format.POSITION || format == Format.DSV && !multiline;
        return lineFormat && Encodings.asciiCompatible(Encodings.charset(encoding))
                && (fileName == null || !fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".gz"));
    }

    /** Copy with another {@link #payloadIsFile}. */
    public FormatSpec withPayloadIsFile(boolean value) {
        return new FormatSpec(format, encoding, multiline, array, withHeader, separator, quote, escape, nullValue,
                skipRows, rowTag, needFieldNames, value, keepRawText);
    }

    /** Copy with another {@link #keepRawText}. */
    public FormatSpec withKeepRawText(boolean value) {
        return new FormatSpec(format, encoding, multiline, array, withHeader, separator, quote, escape, nullValue,
                skipRows, rowTag, needFieldNames, payloadIsFile, value);
    }

    /** Copy with another {@link #needFieldNames}. */
    public FormatSpec withNeedFieldNames(boolean value) {
        return new FormatSpec(format, encoding, multiline, array, withHeader, separator, quote, escape, nullValue,
                skipRows, rowTag, value, payloadIsFile, keepRawText);
    }
}
