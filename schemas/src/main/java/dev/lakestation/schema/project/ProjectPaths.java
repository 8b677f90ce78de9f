package dev.lakestation.schema.project;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Keeps every file operation inside a project root: relative paths with {@code ..} that leave the root, absolute
 * paths elsewhere and symbolic links whose target is outside the root are refused with
 * {@link PathEscapeException}.
 *
 * <pre>{@code
 * ProjectPaths paths = ProjectPaths.of(Path.of("examples/starbake"));
 * Path dir = paths.resolve("datasets/incoming/starbake"); // inside: fine
 * paths.resolve("../../etc/passwd");                      // PathEscapeException
 * }</pre>
 */
public final class ProjectPaths {
    private final Path root;
    private final Path realRoot;

    private ProjectPaths(Path root, Path realRoot) {
        this.root = root;
        this.realRoot = realRoot;
    }

    /** Paths under {@code root}, which must be an existing directory. */
    public static ProjectPaths of(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        try {
            return new ProjectPaths(abs, abs.toRealPath());
        } catch (IOException e) {
            throw new UncheckedIOException("project root " + abs + " is not readable", e);
        }
    }

    /** The absolute, normalised root. */
    public Path root() {
        return root;
    }

    /**
     * Resolves {@code path} (relative to the root, or absolute) and checks it stays inside the root, following
     * symbolic links of the existing part of the path.
     */
    public Path resolve(String path) {
        return check(root.resolve(path));
    }

    /** Checks that {@code p} (absolute or relative to the root) is inside the root; returns it normalised. */
    public Path check(Path p) {
        Path abs = root.resolve(p).toAbsolutePath().normalize();
        if (!abs.startsWith(root) && !abs.startsWith(realRoot)) {
            throw new PathEscapeException(p + " is outside the project root " + root);
        }
        Path existing = abs;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing != null) {
            try {
                Path real = existing.toRealPath();
                if (!real.startsWith(realRoot)) {
                    throw new PathEscapeException(display(abs) + " leads outside the project root " + root
                            + " through a symbolic link (to " + real + ")");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return abs;
    }

    /** {@code p} relative to the root with {@code /} separators, for messages. */
    public String display(Path p) {
        Path abs = root.resolve(p).toAbsolutePath().normalize();
        Path rel = abs.startsWith(root) ? root.relativize(abs) : abs;
        return rel.toString().replace('\\', '/');
    }

    /** The entries of a directory inside the root, sorted by name; empty when it does not exist. */
    public List<Path> list(Path dir) {
        Path d = check(dir);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            List<Path> out = new ArrayList<>(s.sorted().toList());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + display(d), e);
        }
    }

    /** Reads a file inside the root as UTF-8. */
    public String read(Path file) {
        Path f = check(file);
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + display(f), e);
        }
    }

    /** Raised when a path leaves the project root. */
    public static final class PathEscapeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public PathEscapeException(String message) {
            super(message);
        }
    }
}
