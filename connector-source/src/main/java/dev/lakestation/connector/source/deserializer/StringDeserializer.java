package dev.lakestation.connector.source.deserializer;

import org.apache.flink.annotation.Internal;
import dev.lakestation.connector.source.MemphisRecord;
import java.nio.charset.Charset;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;

@Internal
final class StringDeserializer implements MemphisDeserializationSchema<String> {
    private static final long serialVersionUID = 1L;
    private final String charset;

    StringDeserializer(Charset charset) {
        this.charset = charset.name();
    }

    @Override
    public void deserialize(MemphisRecord record, Collector<String> out) {
        out.collect(new String(record.data(), Charset.forName(charset)));
    }

    @Override
    public TypeInformation<String> getProducedType() {
        return Types.STRING;
    }
}
