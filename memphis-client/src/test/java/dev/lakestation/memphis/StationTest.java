package dev.lakestation.memphis;

import static dev.lakestation.memphis.TestSupport.await;
import static dev.lakestation.memphis.TestSupport.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakestation.testsupport.NatsServerExtension;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stations on the JetStream control plane: broker mapping, metadata in KV, retention that evicts. */
class StationTest {
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();
    static Memphis memphis;

    @BeforeAll
    static void connect() {
        memphis = TestSupport.connect(NATS);
    }

    @AfterAll
    static void close() {
        memphis.close();
    }

    @Test
    void detectsTheJetStreamControlPlane() {
        assertThat(memphis.controlPlane()).isEqualTo(ControlPlane.JETSTREAM);
        assertThat(memphis.isConnected()).isTrue();
        assertThat(memphis.connection().getOptions().getConnectionName())
                .isEqualTo(memphis.connectionId() + "::root");
    }

    @Test
    void createsPartitionStreamsWithTheBrokersMapping() throws Exception {
        memphis.createStation(StationOptions.builder("map.orders").retention(RetentionType.MESSAGES, 500)
                .storageType(StorageType.MEMORY).idempotencyWindow(Duration.ofSeconds(30)).partitions(3).build());
        JetStreamManagement jsm = TestSupport.jsm(memphis);
        for (int p = 1; p <= 3; p++) {
            StreamConfiguration sc = jsm.getStreamInfo("map#orders$" + p).getConfiguration();
            assertThat(sc.getSubjects()).containsExactly("map#orders$" + p + ".>");
            assertThat(sc.getMaxMsgs()).isEqualTo(500);
            assertThat(sc.getMaxBytes()).isEqualTo(-1);
            assertThat(sc.getStorageType()).isEqualTo(io.nats.client.api.StorageType.Memory);
            assertThat(sc.getDuplicateWindow()).isEqualTo(Duration.ofSeconds(30));
            assertThat(sc.getRetentionPolicy()).isEqualTo(RetentionPolicy.Limits);
            assertThat(sc.getMaxConsumers()).isEqualTo(-1);
        }
        StationInfo info = memphis.station("map.orders");
        assertThat(info.partitions()).containsExactly(1, 2, 3);
        assertThat(info.retentionType()).isEqualTo(RetentionType.MESSAGES);
        assertThat(info.idempotencyWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(info.dlsPoison()).isTrue();
        assertThat(info.streamNames()).containsExactly("map#orders$1", "map#orders$2", "map#orders$3");
        // what the broker would remember lives in the memphis_stations bucket
        assertThat(new String(memphis.connection().keyValue("memphis_stations").get("map.orders").getValue()))
                .contains("\"partitions_list\":[1,2,3]").contains("\"retention_type\":\"messages\"");
    }

    @Test
    void ackBasedRetentionIsInterestPolicy() throws Exception {
        memphis.createStation(StationOptions.builder("acked").retention(RetentionType.ACK_BASED, 0).build());
        assertThat(TestSupport.jsm(memphis).getStreamInfo("acked$1").getConfiguration().getRetentionPolicy())
                .isEqualTo(RetentionPolicy.Interest);
    }

    @Test
    void creatingAnExistingStationChangesNothing() throws Exception {
        memphis.createStation(StationOptions.builder("same").retention(RetentionType.MESSAGES, 10).partitions(2).build());
        memphis.createStation(StationOptions.builder("same").retention(RetentionType.BYTES, 99).partitions(5).build());
        assertThat(memphis.station("same").partitions()).containsExactly(1, 2);
        assertThat(TestSupport.jsm(memphis).getStreamInfo("same$1").getConfiguration().getMaxMsgs()).isEqualTo(10);
        assertThat(TestSupport.jsm(memphis).getStreamNames()).doesNotContain("same$3");
    }

    @Test
    void destroysAStation() throws Exception {
        memphis.createStation("doomed");
        memphis.destroyStation("doomed");
        assertThatThrownBy(() -> memphis.station("doomed")).isInstanceOf(StationNotFoundException.class)
                .hasMessageContaining("doomed");
        assertThat(TestSupport.jsm(memphis).getStreamNames()).doesNotContain("doomed$1");
    }

    @Test
    void refusesInvalidNames() {
        assertThatThrownBy(() -> memphis.createStation("bad name")).isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("bad name");
        assertThatThrownBy(() -> memphis.station("-x")).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void retentionByMessagesEvicts() {
        memphis.createStation(StationOptions.builder("evict.msgs").retention(RetentionType.MESSAGES, 5).build());
        Producer p = memphis.producer("evict.msgs", "p");
        for (int i = 0; i < 12; i++) {
            p.produce("m" + i);
        }
        assertThat(messages(memphis, "evict#msgs$1")).isEqualTo(5);
    }

    @Test
    void retentionByBytesEvicts() {
        memphis.createStation(StationOptions.builder("evict.bytes").retention(RetentionType.BYTES, 2000).build());
        Producer p = memphis.producer("evict.bytes", "p");
        for (int i = 0; i < 30; i++) {
            p.produce(new byte[200]);
        }
        long n = messages(memphis, "evict#bytes$1");
        assertThat(n).isGreaterThan(0).isLessThan(10);
    }

    @Test
    void retentionByAgeEvicts() {
        memphis.createStation(StationOptions.builder("evict.age").retention(RetentionType.MAX_MESSAGE_AGE_SECONDS, 1)
                .idempotencyWindow(Duration.ofMillis(500)).build());
        memphis.producer("evict.age", "p").produce("short-lived");
        assertThat(messages(memphis, "evict#age$1")).isEqualTo(1);
        await(Duration.ofSeconds(10), () -> messages(memphis, "evict#age$1") == 0);
    }

    @Test
    void replicasAboveOneOnASingleServerFailClearlyAndCreateNothing() throws Exception {
        assertThatThrownBy(() -> memphis.createStation(StationOptions.builder("replicated").replicas(2).partitions(2)
                .build()))
                .isInstanceOf(MemphisException.class)
                .hasMessageContaining("station 'replicated'").hasMessageContaining("3 replicas")
                .hasMessageContaining("not clustered").hasMessageContaining("replicas(1)");
        assertThat(TestSupport.jsm(memphis).getStreamNames()).noneMatch(s -> s.startsWith("replicated"));
        assertThatThrownBy(() -> memphis.station("replicated")).isInstanceOf(StationNotFoundException.class);
        memphis.createStation(StationOptions.builder("replicated").replicas(1).build());
        assertThat(TestSupport.jsm(memphis).getStreamInfo("replicated$1").getConfiguration().getReplicas()).isEqualTo(1);
    }

    @Test
    void diskIsTheDefaultStorageAndMemoryStationsKeepMessagesInMemory() throws Exception {
        memphis.createStation("store.disk");
        memphis.createStation(StationOptions.builder("store.mem").storageType(StorageType.MEMORY).build());
        assertThat(TestSupport.jsm(memphis).getStreamInfo("store#disk$1").getConfiguration().getStorageType())
                .isEqualTo(io.nats.client.api.StorageType.File);
        assertThat(memphis.station("store.mem").storageType()).isEqualTo(StorageType.MEMORY);
        memphis.producer("store.mem", "p").produce("in memory");
        io.nats.client.api.StreamInfo si = TestSupport.jsm(memphis).getStreamInfo("store#mem$1");
        assertThat(si.getConfiguration().getStorageType()).isEqualTo(io.nats.client.api.StorageType.Memory);
        assertThat(si.getStreamState().getMsgCount()).isEqualTo(1);
        assertThat(TestSupport.jsm(memphis).getAccountStatistics().getMemory()).isPositive();
    }

    @Test
    void ackBasedRetentionEvictsOnceEveryGroupAcknowledged() {
        memphis.createStation(StationOptions.builder("evict.acked").retention(RetentionType.ACK_BASED, 0).build());
        Consumer a = memphis.consumer("evict.acked", "group-a");
        Consumer b = memphis.consumer("evict.acked", "group-b");
        memphis.producer("evict.acked", "p").produce("needs two acks");
        assertThat(messages(memphis, "evict#acked$1")).isEqualTo(1);
        List<MemphisMessage> fromA = new java.util.ArrayList<>();
        await(Duration.ofSeconds(30), () -> fromA.addAll(a.fetch()) || !fromA.isEmpty());
        fromA.get(0).ackSync(Duration.ofSeconds(2));
        assertThat(messages(memphis, "evict#acked$1")).isEqualTo(1); // group-b still owes its ack
        List<MemphisMessage> fromB = new java.util.ArrayList<>();
        await(Duration.ofSeconds(30), () -> fromB.addAll(b.fetch()) || !fromB.isEmpty());
        fromB.get(0).ackSync(Duration.ofSeconds(2));
        await(Duration.ofSeconds(30), () -> messages(memphis, "evict#acked$1") == 0);
    }

    @Test
    void tieredStorageFlagIsRemembered() {
        memphis.createStation(StationOptions.builder("tiered").tieredStorage(true).build());
        assertThat(memphis.station("tiered").tieredStorage()).isTrue();
    }

    @Test
    void consumerGroupDurablesFollowTheBrokersMapping() throws Exception {
        memphis.createStation(StationOptions.builder("groups").partitions(2).build());
        List<Integer> partitions = memphis.createConsumerGroup("groups", "billing.eu",
                ConsumerGroupOptions.builder().maxAckTime(Duration.ofSeconds(7)).maxMsgDeliveries(4).build());
        assertThat(partitions).containsExactly(1, 2);
        for (int p = 1; p <= 2; p++) {
            ConsumerConfiguration cc = TestSupport.jsm(memphis).getConsumerInfo("groups$" + p, "billing#eu")
                    .getConsumerConfiguration();
            assertThat(cc.getFilterSubject()).isEqualTo("groups$" + p + ".final");
            assertThat(cc.getAckWait()).isEqualTo(Duration.ofSeconds(7));
            assertThat(cc.getMaxDeliver()).isEqualTo(4);
            assertThat(cc.getDeliverPolicy()).isEqualTo(DeliverPolicy.All);
            assertThat(cc.getMaxAckPending()).isEqualTo(-1);
        }
        // re-registering with other limits updates them
        memphis.createConsumerGroup("groups", "billing.eu",
                ConsumerGroupOptions.builder().maxAckTime(Duration.ofSeconds(9)).maxMsgDeliveries(6).build());
        ConsumerConfiguration cc = TestSupport.jsm(memphis).getConsumerInfo("groups$1", "billing#eu")
                .getConsumerConfiguration();
        assertThat(cc.getAckWait()).isEqualTo(Duration.ofSeconds(9));
        assertThat(cc.getMaxDeliver()).isEqualTo(6);
    }

    @Test
    void legacyStationsHaveNoPartitions() throws Exception {
        TestSupport.jsm(memphis).addStream(StreamConfiguration.builder().name("legacy").subjects("legacy.>")
                .storageType(io.nats.client.api.StorageType.Memory).build());
        StationInfo info = memphis.station("legacy");
        assertThat(info.isLegacy()).isTrue();
        assertThat(info.partitions()).isEmpty();
        memphis.producer("legacy", "p").produce("old style");
        assertThat(messages(memphis, "legacy")).isEqualTo(1);
    }
}
