package dev.lakestation.connector.source.deserializer;

import org.apache.flink.annotation.Internal;
import dev.lakestation.connector.source.MemphisRecord;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

@Internal
final class BytesDeserializer implements MemphisDeserializationSchema<byte[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(MemphisRecord record, Collector<byte[]> out) {
        out.collect(record.data());
    }

    @Override
    public TypeInformation<byte[]> getProducedType() {
        return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
    }
}
