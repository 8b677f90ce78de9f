package dev.lakestation.connector.sink;

import dev.lakestation.connector.sink.testutils.MemphisSinkExternalContextFactory;
import dev.lakestation.testsupport.NatsServerExtension;
import org.apache.flink.connector.testframe.environment.MiniClusterTestEnvironment;
import org.apache.flink.connector.testframe.junit.annotations.TestContext;
import org.apache.flink.connector.testframe.junit.annotations.TestEnv;
import org.apache.flink.connector.testframe.junit.annotations.TestSemantics;
import org.apache.flink.connector.testframe.testsuites.SinkTestSuiteBase;
import org.apache.flink.core.execution.CheckpointingMode;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flink's connector test suite for sinks (basic, savepoint restart with same/higher/lower
 * parallelism, metrics) against a real nats-server, with AT_LEAST_ONCE and EXACTLY_ONCE.
 */
class MemphisSinkITCase extends SinkTestSuiteBase<String> {

    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    @TestEnv
    MiniClusterTestEnvironment flink = new MiniClusterTestEnvironment();

    @TestSemantics
    CheckpointingMode[] semantics = {CheckpointingMode.AT_LEAST_ONCE, CheckpointingMode.EXACTLY_ONCE};

    @TestContext
    MemphisSinkExternalContextFactory stations = new MemphisSinkExternalContextFactory(NATS);
}
