package dev.lakestation.benchmarks.synadia;

import io.nats.client.Message;
import io.synadia.flink.message.SourceConverter;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Hands the payload through as {@code byte[]}: synadia's own ByteArraySourceConverter boxes every
 * byte ({@code Byte[]}), which would measure the converter rather than the connector.
 */
public final class RawBytesConverter implements SourceConverter<byte[]> {
    @Override
    public byte[] convert(Message message) {
        return message.getData();
    }

    @Override
    public TypeInformation<byte[]> getProducedType() {
        return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
    }
}
