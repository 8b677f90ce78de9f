package dev.lakestation.connector.source.testframe;

import org.apache.flink.connector.testframe.environment.MiniClusterTestEnvironment;
import org.apache.flink.connector.testframe.external.ExternalContextFactory;
import org.apache.flink.connector.testframe.junit.annotations.TestContext;
import org.apache.flink.connector.testframe.junit.annotations.TestEnv;
import org.apache.flink.connector.testframe.junit.annotations.TestExternalSystem;
import org.apache.flink.connector.testframe.junit.annotations.TestSemantics;
import org.apache.flink.connector.testframe.testsuites.SourceTestSuiteBase;
import org.apache.flink.core.execution.CheckpointingMode;

/**
 * Flink's connector test suite for sources, in full, EXACTLY_ONCE, on a MiniCluster against a real
 * nats-server: single split, multiple splits, savepoint restart (4→4, 2→4, 4→2), metrics, idle
 * reader, TaskManager failure.
 */
class MemphisSourceTestSuiteITCase extends SourceTestSuiteBase<String> {
    @TestEnv
    MiniClusterTestEnvironment flink = new MiniClusterTestEnvironment();

    @TestExternalSystem
    NatsExternalSystem nats = new NatsExternalSystem();

    @TestSemantics
    CheckpointingMode[] semantics = new CheckpointingMode[] {CheckpointingMode.EXACTLY_ONCE};

    @TestContext
    ExternalContextFactory<MemphisSourceExternalContext> context = testName -> new MemphisSourceExternalContext(nats);
}
