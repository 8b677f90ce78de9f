package dev.lakestation.connector.source.deserializer;

import org.apache.flink.annotation.Internal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakestation.connector.source.MemphisRecord;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/** JSON object → Row by field name; nested objects map to nested {@link RowTypeInfo}s. */
@Internal
final class JsonRowDeserializer implements MemphisDeserializationSchema<Row> {
    private static final long serialVersionUID = 1L;
    private final RowTypeInfo rowType;
    private transient ObjectMapper mapper;

    JsonRowDeserializer(RowTypeInfo rowType) {
        this.rowType = rowType;
    }

    @Override
    public void deserialize(MemphisRecord record, Collector<Row> out) throws IOException {
        if (mapper == null) {
            mapper = new ObjectMapper().findAndRegisterModules();
        }
        JsonNode root = mapper.readTree(record.data());
        if (root == null || !root.isObject()) {
            throw new IOException("expected a JSON object, got " + (root == null ? "nothing" : root.getNodeType()));
        }
        out.collect(toRow(root, rowType, ""));
    }

    private Row toRow(JsonNode node, RowTypeInfo type, String path) throws IOException {
        String[] names = type.getFieldNames();
        Row row = new Row(names.length);
        for (int i = 0; i < names.length; i++) {
            JsonNode field = node.get(names[i]);
            row.setField(i, convert(field, type.getTypeAt(i), path + names[i]));
        }
        return row;
    }

    private Object convert(JsonNode node, TypeInformation<?> type, String path) throws IOException {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            if (type instanceof RowTypeInfo) {
                if (!node.isObject()) {
                    throw new IOException("field '" + path + "' should be an object, got " + node.getNodeType());
                }
                return toRow(node, (RowTypeInfo) type, path + ".");
            }
            if (type.equals(BasicTypeInfo.STRING_TYPE_INFO)) {
                return node.isValueNode() ? node.asText() : node.toString();
            }
            return mapper.treeToValue(node, type.getTypeClass());
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("field '")) {
                throw e;
            }
            throw new IOException("field '" + path + "' can not be read as " + type + ": " + e.getMessage(), e);
        }
    }

    @Override
    public TypeInformation<Row> getProducedType() {
        return rowType;
    }
}
