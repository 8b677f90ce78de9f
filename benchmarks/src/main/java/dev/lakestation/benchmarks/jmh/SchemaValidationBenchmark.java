package dev.lakestation.benchmarks.jmh;

import dev.lakestation.memphis.schemaverse.PayloadValidator;
import dev.lakestation.memphis.schemaverse.PayloadValidators;
import dev.lakestation.memphis.schemaverse.SchemaViolationException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of validating one ~100-byte payload in the producer, per schema type (a compiled validator,
 * as the producer keeps it). Run: {@code java -jar benchmarks.jar jmh SchemaValidationBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class SchemaValidationBenchmark {
    @Param({"json", "avro", "graphql"})
    public String type;

    private PayloadValidator validator;
    private byte[] payload;

    @Setup
    public void setUp() {
        switch (type) {
            case "json" -> {
                validator = PayloadValidators.create("json", """
                        {"type":"object","required":["id","customer","qty"],
                         "properties":{"id":{"type":"integer"},"customer":{"type":"string","maxLength":64},
                                       "qty":{"type":"integer","minimum":1},"note":{"type":"string"}}}""");
                payload = utf8("{\"id\":123456,\"customer\":\"ann@example.com\",\"qty\":3,\"note\":\"ring twice please\"}");
            }
            case "avro" -> {
                validator = PayloadValidators.create("avro", """
                        {"type":"record","name":"Order","fields":[{"name":"id","type":"long"},
                         {"name":"customer","type":"string"},{"name":"qty","type":"int"},
                         {"name":"note","type":["null","string"]}]}""");
                payload = utf8("{\"id\":123456,\"customer\":\"ann@example.com\",\"qty\":3,\"note\":{\"string\":\"ring twice\"}}");
            }
            case "graphql" -> {
                validator = PayloadValidators.create("graphql",
                        "type Query { order(id: ID!): Order } type Order { id: ID!, customer: String, qty: Int }");
                payload = utf8("query { order(id: \"123456\") { id customer qty } }");
            }
            default -> throw new IllegalArgumentException(type);
        }
    }

    @Benchmark
    public byte[] validate() throws SchemaViolationException {
        validator.validate(payload);
        return payload;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
