package dev.lakestation.benchmarks.client;

import dev.lakestation.benchmarks.BenchContext;
import dev.lakestation.benchmarks.BenchOptions;
import dev.lakestation.memphis.ControlPlane;
import dev.lakestation.memphis.Memphis;
import dev.lakestation.memphis.MemphisOptions;
import dev.lakestation.memphis.StationOptions;
import dev.lakestation.memphis.StorageType;

/** Connecting the Memphis client to the benchmark's server and creating stations like the baselines'. */
final class ClientSupport {
    private ClientSupport() {}

    /** The client on plain JetStream (its own control plane), token auth as the server expects. */
    static Memphis connect(BenchContext ctx) {
        return Memphis.connect(MemphisOptions.builder()
                .host(ctx.server().host())
                .port(ctx.server().port())
                .username("root")
                .connectionToken(BenchContext.TOKEN)
                .controlPlane(ControlPlane.JETSTREAM)
                .build());
    }

    /** Same streams as {@code StationStreams.create}: the client maps the station itself. */
    static void createStation(Memphis memphis, String station, BenchOptions options) {
        memphis.createStation(StationOptions.builder(station)
                .partitions(options.partitions)
                .storageType("memory".equals(options.storage) ? StorageType.MEMORY : StorageType.DISK)
                .build());
    }
}
