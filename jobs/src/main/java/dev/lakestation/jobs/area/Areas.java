package dev.lakestation.jobs.area;

import dev.lakestation.schema.model.Domain;
import dev.lakestation.schema.project.Project;
import dev.lakestation.schema.project.ProjectPaths;
import dev.lakestation.schema.project.ProjectPaths.PathEscapeException;
import dev.lakestation.schema.project.Settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The data areas of a project ({@code <datasets>/<area>/<domain>}, Starlake's {@code DatasetArea.path}) and the
 * landing folder of each domain, every path checked to stay inside the project root with schemas'
 * {@link ProjectPaths} ({@code ..}, absolute paths elsewhere and symbolic links leaving the root are refused).
 *
 * <pre>{@code
 * Areas areas = Areas.of(project);
 * Path landing = areas.landing(domain);        // metadata.directory, else <datasets>/incoming/<domain>
 * Path stage = areas.stage("starbake");        // <datasets>/stage/starbake
 * areas.display(stage);                         // "datasets/stage/starbake"
 * }</pre>
 */
public final class Areas {
    private final Project project;
    private final ProjectPaths paths;

    private Areas(Project project, ProjectPaths paths) {
        this.project = project;
        this.paths = paths;
    }

    /**
     * The areas of {@code project}. Refused when the datasets folder ({@code application.datasets} /
     * {@code SL_DATASETS}) lies outside the project root: Lakestation keeps every file operation inside the root.
     */
    public static Areas of(Project project) {
        ProjectPaths paths = ProjectPaths.of(project.root());
        Areas a = new Areas(project, paths);
        a.check(Path.of(project.settings().datasets()), "datasets folder");
        return a;
    }

    /** The project. */
    public Project project() {
        return project;
    }

    /** Project settings (area names, archive flag, time zone). */
    public Settings settings() {
        return project.settings();
    }

    /**
     * The landing folder of a domain: its {@code metadata.directory} (variables already substituted by the loader;
     * relative paths are relative to the project root), else {@code <datasets>/<incoming>/<domain>}. Starlake
     * requires {@code directory} for {@code stage}; Lakestation falls back to the incoming area instead.
     */
    public Path landing(Domain domain) {
        String dir = domain.metadata().directory();
        Path p = dir == null || dir.isBlank() ? project.areaPath(settings().incoming(), domain.name())
                : project.root().resolve(dir);
        return check(p, "landing folder of domain '" + domain.name() + "'");
    }

    /** {@code <datasets>/stage/<domain>}. */
    public Path stage(String domain) {
        return area(settings().stage(), domain);
    }

    /** {@code <datasets>/ingesting/<domain>}. */
    public Path ingesting(String domain) {
        return area(settings().ingesting(), domain);
    }

    /** {@code <datasets>/archive/<domain>}. */
    public Path archive(String domain) {
        return area(settings().archiveArea(), domain);
    }

    /** {@code <datasets>/unresolved/<domain>}. */
    public Path unresolved(String domain) {
        return area(settings().unresolved(), domain);
    }

    /** {@code <datasets>/pending/<domain>}, where Starlake's Python DAGs put the global ack file. */
    public Path pending(String domain) {
        return area("pending", domain);
    }

    private Path area(String area, String domain) {
        return check(project.areaPath(area, domain), area + " area of domain '" + domain + "'");
    }

    /** {@code p} relative to the project root with {@code /} separators, for messages. */
    public String display(Path p) {
        return paths.display(p);
    }

    /**
     * Checks that {@code p} (absolute or relative to the root) and, when it is a symbolic link, its target stay
     * inside the root; returns it absolute and normalised.
     *
     * @throws AreaException naming {@code what} and the path
     */
    public Path check(Path p, String what) {
        try {
            return paths.check(p);
        } catch (PathEscapeException e) {
            throw new AreaException(what + " refused: " + e.getMessage());
        } catch (UncheckedIOException e) {
            if (Files.isSymbolicLink(project.root().resolve(p))) {
                throw new AreaException(what + " refused: " + display(p) + " is a symbolic link to a missing file");
            }
            throw new AreaException(what + ": cannot read " + display(p) + ": " + e.getCause().getMessage(), e);
        }
    }

    /**
     * The entries of a directory that a stage or a load considers: not dot-files (Starlake ignores {@code .DS_Store}
     * and the like; our own temporary files are dot-files too), not directories. Sorted by name; empty when the
     * directory does not exist. Symbolic links are listed as they are (check them before use).
     */
    public List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> out = new ArrayList<>();
            for (Path p : s.sorted().toList()) {
                if (p.getFileName().toString().startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                out.add(p);
            }
            return out;
        } catch (IOException e) {
            throw new AreaException("cannot list " + display(dir) + ": " + e.getMessage(), e);
        }
    }
}
