package dev.lakestation.jobs.table;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * The fast path of {@link KeySetRewrite}: a table file's rows whose key is not in the batch, copied value by value
 * from parquet-mr's column readers to its column writers — no Avro record, no schema resolution per row, no
 * per-row object but the key text of non-integer keys. The output is the file {@link ParquetWriters} would write
 * for the same rows: {@link GenericRecordWriteSupport}'s Parquet schema of the table schema, its footer (the Avro
 * schema under {@code parquet.avro.schema}), the same writer settings, rows in the input's order.
 *
 * <p>Applies when every table column is a primitive (nullable or not) and each is, in the file, the same
 * primitive type with the same logical type annotation (or absent and nullable without a non-null default: written
 * as null, as the Avro path conforms it). Anything else — nested columns, a type written differently (INT96
 * timestamps, decimals on bytes instead of fixed, {@code local-timestamp}), a partition column kept only in the
 * folder name, a file column that may be null where the table's is required — is {@link #unsupported} and the
 * caller reads the file through Avro as before.
 *
 * <pre>{@code
 * if (ColumnarRewrite.unsupported(schema, fileSchema, partition) == null) {
 *     long kept = ColumnarRewrite.copyWithout(ParquetFiles.input(file), schema, keys, outputFile);
 * }
 * }</pre>
 */
final class ColumnarRewrite {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ColumnarRewrite() {
    }

    /**
     * Why {@code file}'s rows cannot be copied column by column into {@code target}'s columns, or null when they
     * can.
     */
    static String unsupported(Schema target, MessageType file, List<String> partition) {
        MessageType table;
        try {
            table = GenericRecordWriteSupport.parquetSchema(target);
        } catch (RuntimeException e) {
            return "the table schema has no Parquet form here: " + e.getMessage();
        }
        for (Schema.Field f : target.getFields()) {
            Schema s = f.schema();
            if (s.getType() == Schema.Type.UNION && (s.getTypes().size() != 2
                    || s.getTypes().stream().noneMatch(t -> t.getType() == Schema.Type.NULL))) {
                return "column '" + f.name() + "' is a union";
            }
            Schema.Type t = MergeSpec.nonNull(s).getType();
            if (t == Schema.Type.RECORD || t == Schema.Type.ARRAY || t == Schema.Type.MAP) {
                return "column '" + f.name() + "' is nested";
            }
        }
        for (Schema.Field f : target.getFields()) {
            PrimitiveType want = table.getType(f.name()).asPrimitiveType();
            if (!file.containsField(f.name())) {
                if (partition.contains(f.name())) {
                    return "partition column '" + f.name() + "' is not in the file (folder names only)";
                }
                if (want.getRepetition() != Type.Repetition.OPTIONAL) {
                    return "required column '" + f.name() + "' is not in the file";
                }
                if (f.hasDefaultValue() && f.defaultVal() != JsonProperties.NULL_VALUE) {
                    return "column '" + f.name() + "' is not in the file and has a default";
                }
                continue;
            }
            Type has = file.getType(f.name());
            if (!has.isPrimitive() || has.isRepetition(Type.Repetition.REPEATED)) {
                return "column '" + f.name() + "' is nested or repeated in the file";
            }
            PrimitiveType p = has.asPrimitiveType();
            if (p.getPrimitiveTypeName() != want.getPrimitiveTypeName() || p.getTypeLength() != want.getTypeLength()
                    || !Objects.equals(p.getLogicalTypeAnnotation(), want.getLogicalTypeAnnotation())) {
                return "column '" + f.name() + "' is " + p + " in the file, " + want + " in the table";
            }
            if (p.isRepetition(Type.Repetition.OPTIONAL) && want.isRepetition(Type.Repetition.REQUIRED)) {
                return "column '" + f.name() + "' may be null in the file but is required in the table";
            }
        }
        return null;
    }

    /**
     * Adds every key of {@code file} to {@code keys}, reading only the key columns. False, with nothing added,
     * when a key column cannot be read this way ({@link #keyReadable}): the caller reads the file through Avro.
     */
    static boolean addKeys(InputFile file, BatchKeys keys) throws IOException {
        return scanKeys(file, keys, (test, readers) -> {
            test.add(readers);
            return true;
        });
    }

    /** Reads a key test of each row. */
    private interface KeyVisitor {
        /** @return false to stop */
        boolean row(KeyTest test, ColumnReader[] readers);
    }

    /**
     * Feeds each row's key columns of {@code file} to {@code visitor} (the readers are consumed after it) until it
     * returns false. False, with nothing read, when a key column cannot be read this way ({@link #keyReadable}).
     */
    private static boolean scanKeys(InputFile file, BatchKeys keys, KeyVisitor visitor) throws IOException {
        try (ParquetFileReader r = ParquetFiles.open(file)) {
            MessageType schema = r.getFileMetaData().getSchema();
            if (!keyReadable(schema, keys)) {
                return false;
            }
            MessageType projection = project(schema, keys.columns());
            KeyTest test = new KeyTest(projection, keys.columns(), keys);
            forEachRow(r, projection, readers -> {
                boolean more = visitor.row(test, readers);
                consumeAll(readers);
                return more;
            });
            return true;
        }
    }

    /** What a table file holds of the batch's keys ({@link #presence}). */
    enum Presence {
        /** no row has a key of the batch: the file stays as it is */
        NONE,
        /** some rows have one: the file is rewritten without them */
        SOME,
        /** every row has one: the file disappears */
        ALL
    }

    /**
     * Which of {@code file}'s rows have a key in {@code keys}, reading only the key columns and stopping once the
     * file is known to hold both kinds; null when a key column cannot be read this way.
     */
    static Presence presence(InputFile file, BatchKeys keys) throws IOException {
        boolean[] hit = {false};
        boolean[] kept = {false};
        boolean readable = scanKeys(file, keys, (test, readers) -> {
            if (test.in(readers)) {
                hit[0] = true;
            } else {
                kept[0] = true;
            }
            return !(hit[0] && kept[0]);
        });
        if (!readable) {
            return null;
        }
        return !hit[0] ? Presence.NONE : kept[0] ? Presence.SOME : Presence.ALL;
    }

    /**
     * Writes the rows of {@code in} whose key is not in {@code keys} to {@code out}, as {@code target}'s rows;
     * returns how many. The caller has checked {@link #unsupported} on the file's schema.
     */
    static long copyWithout(InputFile in, Schema target, BatchKeys keys, OutputFile out) throws IOException {
        try (ParquetFileReader r = ParquetFiles.open(in)) {
            MessageType file = r.getFileMetaData().getSchema();
            List<String> present = new ArrayList<>();
            for (Schema.Field f : target.getFields()) {
                if (file.containsField(f.name())) {
                    present.add(f.name());
                }
            }
            MessageType projection = project(file, present);
            KeyTest test = new KeyTest(projection, keys.columns(), keys);
            CopyWriteSupport copy = new CopyWriteSupport(target, projection);
            long[] kept = {0};
            try (ParquetWriter<ColumnReader[]> w = ParquetWriters.open(copy, out,
                    ParquetWriters.DEFAULT_ROW_GROUP_BYTES)) {
                forEachRow(r, projection, readers -> {
                    if (test.in(readers)) {
                        consumeAll(readers);
                    } else {
                        w.write(readers);                      // copies and consumes every reader
                        kept[0]++;
                    }
                    return true;
                });
            }
            return kept[0];
        }
    }

    /** True when every key column is in the file as a primitive whose values {@link KeyTest} can read. */
    static boolean keyReadable(MessageType file, BatchKeys keys) {
        for (String c : keys.columns()) {
            if (!file.containsField(c) || !file.getType(c).isPrimitive()
                    || file.getType(c).isRepetition(Type.Repetition.REPEATED)) {
                return false;
            }
            PrimitiveType p = file.getType(c).asPrimitiveType();
            LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
            boolean ok = switch (p.getPrimitiveTypeName()) {
                case INT32, INT64 -> a == null || a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
                        || a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
                        || a instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation
                        || a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && i.isSigned();
                case BOOLEAN, FLOAT, DOUBLE -> !keys.integral() && a == null;
                case BINARY -> !keys.integral() && (a == null
                        || a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                        || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                        || a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation);
                case FIXED_LEN_BYTE_ARRAY -> !keys.integral() && (a == null
                        || a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation);
                default -> false;                                   // INT96: the Avro path converts it
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@code file}'s schema reduced to {@code columns} (top-level names, in that order). */
    private static MessageType project(MessageType file, List<String> columns) {
        List<Type> fields = new ArrayList<>();
        for (String c : new java.util.LinkedHashSet<>(columns)) {
            fields.add(file.getType(c));
        }
        return new MessageType(file.getName(), fields);
    }

    @FunctionalInterface
    private interface RowVisitor {
        /** One row: every reader is at its value for this row; consume them all. False stops. */
        boolean row(ColumnReader[] readers) throws IOException;
    }

    /** Calls {@code visitor} once per row with one column reader per projected column, row group by row group. */
    private static void forEachRow(ParquetFileReader r, MessageType projection, RowVisitor visitor)
            throws IOException {
        r.setRequestedSchema(projection);
        String createdBy = r.getFileMetaData().getCreatedBy();
        List<ColumnDescriptor> columns = projection.getColumns();
        for (PageReadStore pages; (pages = r.readNextRowGroup()) != null; ) {
            ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new NoConverter(projection.getFieldCount()),
                    projection, createdBy);
            ColumnReader[] readers = new ColumnReader[columns.size()];
            for (int i = 0; i < readers.length; i++) {
                readers[i] = store.getColumnReader(columns.get(i));
            }
            for (long row = 0, n = pages.getRowCount(); row < n; row++) {
                if (!visitor.row(readers)) {
                    return;
                }
            }
        }
    }

    /** Moves every reader to the next row (a value not read is skipped first: consume does not skip it). */
    private static void consumeAll(ColumnReader[] readers) {
        for (ColumnReader c : readers) {
            if (c.getCurrentDefinitionLevel() == c.getDescriptor().getMaxDefinitionLevel()) {
                c.skip();
            }
            c.consume();
        }
    }

    /**
     * Whether a row's key is in the batch, from the key columns' readers (the values are read, not consumed),
     * with {@link RowMerge#key}'s equality: the text parquet-avro's value would give.
     */
    private static final class KeyTest {
        private final BatchKeys keys;
        private final int[] index;
        private final PrimitiveTypeName[] types;
        private final LogicalTypeAnnotation[] annotations;
        private final int[] maxDefinition;
        private final StringBuilder text = new StringBuilder();

        KeyTest(MessageType projection, List<String> key, BatchKeys keys) {
            this.keys = keys;
            int n = key.size();
            index = new int[n];
            types = new PrimitiveTypeName[n];
            annotations = new LogicalTypeAnnotation[n];
            maxDefinition = new int[n];
            for (int i = 0; i < n; i++) {
                index[i] = projection.getFieldIndex(key.get(i));
                PrimitiveType p = projection.getType(index[i]).asPrimitiveType();
                types[i] = p.getPrimitiveTypeName();
                annotations[i] = p.getLogicalTypeAnnotation();
                maxDefinition[i] = projection.getMaxDefinitionLevel(key.get(i));
            }
        }

        boolean in(ColumnReader[] readers) {
            if (keys.integral()) {
                ColumnReader r = readers[index[0]];
                if (r.getCurrentDefinitionLevel() < maxDefinition[0]) {
                    return keys.containsNull();
                }
                return keys.containsLong(types[0] == PrimitiveTypeName.INT32 ? r.getInteger() : r.getLong());
            }
            return keys.containsString(text(readers));
        }

        void add(ColumnReader[] readers) {
            if (keys.integral()) {
                ColumnReader r = readers[index[0]];
                if (r.getCurrentDefinitionLevel() < maxDefinition[0]) {
                    keys.addNull();
                } else {
                    keys.addLong(types[0] == PrimitiveTypeName.INT32 ? r.getInteger() : r.getLong());
                }
            } else {
                keys.addString(text(readers));
            }
        }

        /** {@link RowMerge#key} of the Avro values parquet-avro reads from these columns. */
        private String text(ColumnReader[] readers) {
            StringBuilder b = text;
            b.setLength(0);
            for (int i = 0; i < index.length; i++) {
                ColumnReader r = readers[index[i]];
                if (r.getCurrentDefinitionLevel() < maxDefinition[i]) {
                    b.append('\u0001');
                } else {
                    switch (types[i]) {
                        case INT32 -> b.append(r.getInteger());
                        case INT64 -> b.append(r.getLong());
                        case BOOLEAN -> b.append(r.getBoolean());
                        case FLOAT -> b.append(Float.toString(r.getFloat()));
                        case DOUBLE -> b.append(Double.toString(r.getDouble()));
                        case BINARY -> {
                            LogicalTypeAnnotation a = annotations[i];
                            if (a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                                    || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation) {
                                b.append(new String(r.getBinary().getBytesUnsafe(), StandardCharsets.UTF_8));
                            } else {
                                hex(b, r.getBinary());             // bytes (ByteBuffer in Avro)
                            }
                        }
                        case FIXED_LEN_BYTE_ARRAY -> hex(b, r.getBinary());
                        default -> throw new IllegalStateException("key column type " + types[i]);
                    }
                }
                b.append('\u0000');
            }
            return b.toString();
        }

        /** As {@code String.format("%02x", byte)} per byte. */
        private static void hex(StringBuilder b, Binary v) {
            for (byte x : v.getBytesUnsafe()) {
                b.append(HEX[(x >> 4) & 0xF]).append(HEX[x & 0xF]);
            }
        }
    }

    /**
     * Writes the current row of the column readers (one per table column present in the file) as a row of the
     * table schema and consumes them. The write context is {@link GenericRecordWriteSupport}'s: same Parquet
     * schema, same footer metadata. Values go straight to the column writers (the column store is reached as
     * {@code GenericRecordWriteSupport} does); when it cannot be reached, through the record consumer.
     */
    private static final class CopyWriteSupport extends WriteSupport<ColumnReader[]> {
        private final GenericRecordWriteSupport context;
        private final MessageType table;
        /** Per table column: the reader index, or -1 when the file lacks it (nulls). */
        private final int[] source;
        private final PrimitiveTypeName[] types;
        private final int[] maxDefinition;
        private final String[] names;
        private RecordConsumer consumer;
        private ColumnWriteStore columns;
        private ColumnWriter[] writers;

        CopyWriteSupport(Schema target, MessageType projection) {
            this.context = new GenericRecordWriteSupport(target);
            this.table = GenericRecordWriteSupport.parquetSchema(target);
            List<ColumnDescriptor> cols = table.getColumns();
            int n = cols.size();
            source = new int[n];
            types = new PrimitiveTypeName[n];
            maxDefinition = new int[n];
            names = new String[n];
            Map<String, Integer> at = new HashMap<>();
            for (int i = 0; i < projection.getFieldCount(); i++) {
                at.put(projection.getFieldName(i), i);
            }
            for (int i = 0; i < n; i++) {
                names[i] = table.getFieldName(i);
                source[i] = at.getOrDefault(names[i], -1);
                types[i] = cols.get(i).getPrimitiveType().getPrimitiveTypeName();
                maxDefinition[i] = cols.get(i).getMaxDefinitionLevel();
            }
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return context.init(configuration);
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return context.init(configuration);
        }

        @Override
        public String getName() {
            return context.getName();
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            consumer = recordConsumer;
            columns = GenericRecordWriteSupport.columnStore(recordConsumer);
            if (columns != null) {
                List<ColumnDescriptor> cols = table.getColumns();
                writers = new ColumnWriter[cols.size()];
                for (int i = 0; i < writers.length; i++) {
                    writers[i] = columns.getColumnWriter(cols.get(i));
                }
            }
        }

        @Override
        public void write(ColumnReader[] readers) {
            if (columns != null) {
                for (int i = 0; i < source.length; i++) {
                    ColumnWriter w = writers[i];
                    if (source[i] < 0) {
                        w.writeNull(0, 0);
                        continue;
                    }
                    ColumnReader r = readers[source[i]];
                    if (r.getCurrentDefinitionLevel() < r.getDescriptor().getMaxDefinitionLevel()) {
                        w.writeNull(0, 0);
                    } else {
                        int d = maxDefinition[i];
                        switch (types[i]) {
                            case INT32 -> w.write(r.getInteger(), 0, d);
                            case INT64 -> w.write(r.getLong(), 0, d);
                            case BOOLEAN -> w.write(r.getBoolean(), 0, d);
                            case FLOAT -> w.write(r.getFloat(), 0, d);
                            case DOUBLE -> w.write(r.getDouble(), 0, d);
                            default -> w.write(binary(r), 0, d);
                        }
                    }
                    r.consume();
                }
                columns.endRecord();
                return;
            }
            RecordConsumer c = consumer;
            c.startMessage();
            for (int i = 0; i < source.length; i++) {
                if (source[i] < 0) {
                    continue;
                }
                ColumnReader r = readers[source[i]];
                if (r.getCurrentDefinitionLevel() == r.getDescriptor().getMaxDefinitionLevel()) {
                    c.startField(names[i], i);
                    switch (types[i]) {
                        case INT32 -> c.addInteger(r.getInteger());
                        case INT64 -> c.addLong(r.getLong());
                        case BOOLEAN -> c.addBoolean(r.getBoolean());
                        case FLOAT -> c.addFloat(r.getFloat());
                        case DOUBLE -> c.addDouble(r.getDouble());
                        default -> c.addBinary(binary(r));
                    }
                    c.endField(names[i], i);
                }
                r.consume();
            }
            c.endMessage();
        }

        /**
         * The reader's value marked as reused: a reader's binary may be a view of a page buffer, so the writer
         * must copy what it keeps (dictionary entries, statistics), as it does for reused values.
         */
        private static Binary binary(ColumnReader r) {
            Binary v = r.getBinary();
            return Binary.fromReusedByteArray(v.getBytesUnsafe());
        }
    }

    /** Column readers need a converter per column; values are taken with the readers' getters, so none is used. */
    private static final class NoConverter extends GroupConverter {
        private final Converter[] fields;

        NoConverter(int n) {
            fields = new Converter[n];
            for (int i = 0; i < n; i++) {
                fields[i] = new PrimitiveConverter() {
                };
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return fields[fieldIndex];
        }

        @Override
        public void start() {
        }

        @Override
        public void end() {
        }
    }
}
