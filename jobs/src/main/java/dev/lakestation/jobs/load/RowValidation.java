package dev.lakestation.jobs.load;

import dev.lakestation.jobs.load.format.RawRecord;
import dev.lakestation.schema.model.Format;
import dev.lakestation.schema.project.TableValidator;
import dev.lakestation.schema.validation.RecordContext;
import dev.lakestation.schema.validation.RecordValidator;
import dev.lakestation.schema.validation.ValidationResult;
import java.time.Clock;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Raw record → {@link LoadRow}: the one validation step of every load, files and station messages alike. Binds
 * the record to the table's {@link TableValidator} the way Starlake's readers do (DSV by header name or position,
 * POSITION by cut, JSON/XML as trees), turns parse errors and surplus values into rejected rows with the file,
 * line and offset, and never throws for a bad record. Not thread-safe (one per reader); Flink-free.
 */
public final class RowValidation {

    private final TableValidator table;
    private final Format format;
    private final boolean withHeader;
    private final boolean rejectWithValue;
    private final Clock clock;
    /** How many values a headerless DSV row may carry: the declared input attributes. */
    private final int declaredInputs;
    private final ToLongFunction<RawRecord> absoluteLine;

    private List<String> boundColumns;
    private RecordValidator.FlatBinding headerBinding;
    private RecordValidator.TreeBinding treeBinding;
    private List<String> treeColumns;
    private String contextPath;
    private RecordContext context;

    /**
     * @param absoluteLine the 1-based line of a rejected record of a split that does not start at 0 (its reader
     *                     counts lines from the split start; asked only when such a record is rejected)
     */
    public RowValidation(TableValidator table, boolean rejectWithValue, Clock clock,
            ToLongFunction<RawRecord> absoluteLine) {
        this.table = table;
        this.format = table.format();
        this.withHeader = Boolean.TRUE.equals(table.table().metadata().resolveWithHeader());
        this.rejectWithValue = rejectWithValue;
        this.clock = clock;
        this.absoluteLine = absoluteLine;
        this.declaredInputs = (int) table.table().attributes().stream().filter(a -> !a.isScripted()).count();
    }

    /**
     * Validates one record.
     *
     * @param inputColumns the input's header (DSV with header) or field names (trees), from the reader; may be null
     */
    public LoadRow validate(RawRecord r, List<String> inputColumns) {
        RecordContext ctx = context(r.path);
        if (r.error != null) {
            return reject(r, r.error);
        }
        ValidationResult result;
        switch (format) {
            case POSITION -> result = table.validateLine(r.text, ctx);
            case JSON, JSON_FLAT, XML, TEXT_XML -> result = tree(inputColumns).validate(r.tree, ctx);
            default -> {
                RecordValidator.FlatBinding binding;
                int expected;
                if (withHeader && inputColumns != null) {
                    binding = header(inputColumns);
                    expected = inputColumns.size();
                } else { // no header, or a station message: one line without its file's header
                    binding = table.bindPositional();
                    expected = declaredInputs;
                }
                if (r.fields.length > expected) {
                    return reject(r, r.fields.length + " values where " + (withHeader && inputColumns != null ? "the header has " : "the table declares ")
                            + expected + " columns");
                }
                result = binding.validate(r.fields, ctx);
            }
        }
        if (result instanceof ValidationResult.Accepted a) {
            return LoadRow.accepted(a.record());
        }
        if (result instanceof ValidationResult.Rejected x) {
            return LoadRow.rejected(x.rejection().render(r.path), r.path, line(r), r.offset,
                    rejectWithValue ? r.rawText : null);
        }
        return LoadRow.filtered();
    }

    /**
     * A whole input that yields no record of its own, e.g. an undecodable station message, as a rejected row in
     * the same text form as a record's.
     */
    public LoadRow rejectInput(String path, String why, String rawValue) {
        return LoadRow.rejected("ERR -> \n" + why + "\n\nFILE -> " + path, path, -1, -1,
                rejectWithValue ? rawValue : null);
    }

    private LoadRow reject(RawRecord r, String why) {
        long line = line(r);
        String where = line > 0 ? "line " + line : "offset " + r.offset;
        return LoadRow.rejected("ERR -> \n" + where + ": " + why + "\n\nFILE -> " + r.path, r.path, line, r.offset,
                rejectWithValue ? r.rawText : null);
    }

    private long line(RawRecord r) {
        if (r.line <= 0) {
            return -1;
        }
        return r.splitStart == 0 ? r.line : absoluteLine.applyAsLong(r);
    }

    private RecordValidator.FlatBinding header(List<String> columns) {
        if (columns != boundColumns || headerBinding == null) {
            boundColumns = columns;
            headerBinding = table.bindHeader(columns == null ? List.of() : columns);
        }
        return headerBinding;
    }

    private RecordValidator.TreeBinding tree(List<String> columns) {
        // by value too: each station message brings its own list of the same keys
        if (treeBinding == null || columns != treeColumns && (columns == null || !columns.equals(treeColumns))) {
            treeColumns = columns;
            // Without the file's field names every declared attribute counts as present: a missing key is null.
            treeBinding = table.bindTree(columns != null ? columns : table.table().attributes().stream()
                    .map(a -> a.name()).toList());
        }
        return treeBinding;
    }

    private RecordContext context(String path) {
        if (!path.equals(contextPath)) {
            contextPath = path;
            context = RecordContext.of(path, clock);
        }
        return context;
    }
}
