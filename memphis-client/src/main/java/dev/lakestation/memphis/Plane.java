package dev.lakestation.memphis;

import dev.lakestation.memphis.schemaverse.Schema;
import io.nats.client.impl.Headers;
import java.util.List;
import dev.lakestation.memphis.annotation.Internal;

/** One control plane: a Memphis broker, or the client itself on plain JetStream. */
@Internal
interface Plane extends AutoCloseable {
    ControlPlane kind();

    void createStation(StationOptions options);

    void destroyStation(String station);

    /** @throws StationNotFoundException when missing */
    StationInfo station(String station);

    /** Registers a producer (creating a missing station with defaults) and returns the live station state. */
    StationState registerProducer(String station, String producerName);

    void destroyProducer(String station, String producerName);

    /** Ensures the group's durable on every partition (creating a missing station); returns the partitions list. */
    List<Integer> createConsumerGroup(String station, String group, String consumerName, ConsumerGroupOptions options);

    /** Live state for a consumer, after {@link #createConsumerGroup}. */
    StationState stationState(String station);

    void destroyConsumer(String station, String group, String consumerName, boolean deleteGroup);

    void createSchema(String name, String type, String content, String messageStructName);

    /** Active version of a schema. @throws MemphisException when missing */
    Schema schema(String name);

    void enforceSchema(String schemaName, String station);

    void detachSchema(String station);

    /** A consumer dead-lettered a message (after Term). */
    void deadLetter(String station, int partition, String group, long sequence, String reason, Headers headers,
            byte[] data);

    /** A producer's payload failed validation and the station sends such messages to its DLS. */
    void schemaDeadLetter(StationState station, String producerName, int partition, Headers headers, byte[] data,
            String validationError);

    /**
     * Where this plane resends a group's poison messages over core NATS (the broker does, with a {@code
     * $memphis_pm_id} header), or {@code null} when it does not (plain JetStream redelivers by itself).
     */
    Resend poisonResend(String station, String group);

    /** Confirms a resent poison message (it has no JetStream reply to ack). */
    void ackResent(String pmId, String group);

    /** A core NATS subject and the queue group a consumer group's members share on it. */
    record Resend(String subject, String queue) {}

    @Override
    void close();
}
