package dev.lakestation.jobs.coordinator;

import dev.lakestation.schema.project.LoadResult;
import dev.lakestation.schema.project.Project;
import dev.lakestation.schema.project.ProjectLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a small Starlake project (real YAML, read by the real ProjectLoader) for coordinator tests. */
final class TestProject {

    private final Path root;
    private final List<String> application = new ArrayList<>();

    TestProject(Path root) {
        this.root = root;
    }

    /** A load table {@code domain.name} with optional {@code metadata:} lines (YAML, 4-space indent inside). */
    TestProject table(String domain, String name, String... metadataLines) {
        write("metadata/load/" + domain + "/_config.sl.yml", "version: 1\nload:\n  name: \"" + domain
                + "\"\n  metadata:\n    directory: \"{{SL_ROOT}}/datasets/incoming/" + domain + "\"\n");
        StringBuilder y = new StringBuilder("version: 1\ntable:\n  name: \"" + name + "\"\n  pattern: \"" + name
                + "_.*.csv\"\n  attributes:\n  - name: \"id\"\n    type: \"long\"\n");
        if (metadataLines.length > 0) {
            y.append("  metadata:\n");
            for (String l : metadataLines) {
                y.append("    ").append(l).append('\n');
            }
        }
        write("metadata/load/" + domain + "/" + name + ".sl.yml", y.toString());
        return this;
    }

    /** A task {@code domain.name} with its SQL and optional {@code task:} lines. */
    TestProject task(String domain, String name, String sql, String... taskLines) {
        write("metadata/transform/" + domain + "/" + name + ".sql", sql + "\n");
        if (taskLines.length > 0) {
            StringBuilder y = new StringBuilder("version: 1\ntask:\n");
            for (String l : taskLines) {
                y.append("  ").append(l).append('\n');
            }
            write("metadata/transform/" + domain + "/" + name + ".sl.yml", y.toString());
        }
        return this;
    }

    /** A DAG configuration {@code metadata/dags/<name>.sl.yml} with {@code options:} lines. */
    TestProject dag(String name, String... optionLines) {
        StringBuilder y = new StringBuilder("version: 1\ndag:\n  comment: \"test\"\n  options:\n");
        for (String l : optionLines) {
            y.append("    ").append(l).append('\n');
        }
        write("metadata/dags/" + name + ".sl.yml", y.toString());
        return this;
    }

    /** A line under {@code application:} (e.g. {@code timezone: "Europe/Paris"}). */
    TestProject application(String line) {
        application.add(line);
        return this;
    }

    Project load() {
        if (!application.isEmpty()) {
            write("metadata/application.sl.yml", "version: 1\napplication:\n  " + String.join("\n  ", application)
                    + "\n");
        }
        LoadResult r = ProjectLoader.load(root, null);
        return r.orThrow();
    }

    private void write(String rel, String text) {
        try {
            Path f = root.resolve(rel);
            Files.createDirectories(f.getParent());
            Files.writeString(f, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
