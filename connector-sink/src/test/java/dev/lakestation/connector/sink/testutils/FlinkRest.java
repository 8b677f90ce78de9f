package dev.lakestation.connector.sink.testutils;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The REST address of a test MiniCluster, for {@link dev.lakestation.testsupport.FlinkJobFailures}. */
public final class FlinkRest {
    private FlinkRest() {}

    public static String url(MiniClusterExtension flink) {
        Configuration c = flink.getClientConfiguration();
        return "http://" + c.get(RestOptions.ADDRESS) + ":" + c.get(RestOptions.PORT);
    }
}
