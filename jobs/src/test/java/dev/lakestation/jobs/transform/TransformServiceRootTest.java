package dev.lakestation.jobs.transform;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakestation.jobs.area.AreaException;
import dev.lakestation.schema.project.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transform keeps its files inside the project root exactly as the load does. */
class TransformServiceRootTest {

    @Test
    void aDatasetsFolderOutsideTheRootIsRefusedBeforeAnyTaskRuns(@TempDir Path root, @TempDir Path elsewhere)
            throws Exception {
        Files.createDirectories(root.resolve("metadata/load"));
        Files.writeString(root.resolve("metadata/application.sl.yml"),
                "application:\n  datasets: \"" + elsewhere + "\"\n");
        Project p = dev.lakestation.jobs.area.AreaFixtures.load(root);
        assertThatThrownBy(() -> new TransformService(p, () -> null, () -> null, Clock.systemUTC()))
                .isInstanceOf(AreaException.class)
                .hasMessageStartingWith("datasets folder refused: " + elsewhere + " is outside the project root");
    }
}
