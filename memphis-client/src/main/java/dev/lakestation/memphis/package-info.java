/**
 * Java client for Memphis.dev stations on jnats (memphis-py 1.3 feature parity).
 *
 * <pre>{@code
 * try (Memphis memphis = Memphis.connect(MemphisOptions.builder()
 *         .host("localhost").username("root").password("memphis").build())) {
 *     memphis.createStation(StationOptions.builder("orders").partitions(3).build());
 *     Producer producer = memphis.producer("orders", "web");
 *     producer.produce("{\"id\":1}", ProduceOptions.msgId("1"));
 *     Consumer consumer = memphis.consumer("orders", "billing");
 *     consumer.consume((msgs, err, ctx) -> msgs.forEach(MemphisMessage::ack));
 * }
 * }</pre>
 *
 * Entry point: {@link dev.lakestation.memphis.Memphis}; partition keys: {@link dev.lakestation.memphis.PartitionKeys};
 * schemas: {@link dev.lakestation.memphis.schemaverse}. Every class applications use is marked
 * {@link dev.lakestation.memphis.annotation.PublicEvolving}; the stream layout (names, stream and durable
 * configs, dead letters) lives in {@code dev.lakestation.memphis.internal}, shared by the Lakestation
 * connectors and not API.
 */
package dev.lakestation.memphis;
