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
 * Entry point: {@link dev.lakestation.memphis.Memphis}. Names and stream layout:
 * {@link dev.lakestation.memphis.StationNames}; partition keys: {@link dev.lakestation.memphis.PartitionKeys};
 * schemas: {@link dev.lakestation.memphis.schemaverse}.
 */
package dev.lakestation.memphis;
