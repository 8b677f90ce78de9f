package dev.lakestation.schema.project;

import dev.lakestation.schema.Problem;
import dev.lakestation.schema.types.SlType;
import dev.lakestation.schema.types.TypeCatalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The project's type catalogue: Starlake's defaults ({@link TypeCatalog#defaults()}), then
 * {@code metadata/types/default.sl.yml}, the other {@code *.sl.yml} files alphabetically, and {@code types.sl.yml}
 * last. A later definition of a name replaces an earlier one, as in Starlake's {@code SchemaHandler.loadTypes}
 * (Starlake itself only reads default.sl.yml and types.sl.yml; Lakestation reads every {@code *.sl.yml} there).
 * {@code struct} always resolves, to {@link SlType#struct()}.
 *
 * <pre>{@code
 * SlType email = project.types().find("email").orElseThrow();
 * }</pre>
 */
public final class ProjectTypes {
    private final TypeCatalog catalog;

    private ProjectTypes(TypeCatalog catalog) {
        this.catalog = catalog;
    }

    /** Starlake's default types only. */
    public static ProjectTypes defaults() {
        return new ProjectTypes(TypeCatalog.defaults());
    }

    /** Wraps a catalogue built elsewhere. */
    public static ProjectTypes of(TypeCatalog catalog) {
        return new ProjectTypes(catalog);
    }

    /** The underlying catalogue (without the {@code struct} pseudo type). */
    public TypeCatalog catalog() {
        return catalog;
    }

    /** The type with this name; {@code struct} gives {@link SlType#struct()}. */
    public Optional<SlType> find(String name) {
        if ("struct".equals(name)) {
            return Optional.of(SlType.struct());
        }
        return catalog.find(name);
    }

    /** Primitive type ({@code long}, {@code timestamp}, {@code struct}...) of a type name; empty when unknown. */
    public Optional<String> primitiveOf(String typeName) {
        return find(typeName).map(t -> t.primitiveType().value());
    }

    /** Types files in precedence order: default.sl.yml, others alphabetically, types.sl.yml. */
    static List<Path> typeFiles(ProjectPaths paths, Path typesDir) {
        List<Path> files = new ArrayList<>();
        Path last = null;
        Path first = null;
        for (Path p : paths.list(typesDir)) {
            String n = p.getFileName().toString();
            if (!n.endsWith(".sl.yml") || !Files.isRegularFile(p)) {
                continue;
            }
            if (n.equals("default.sl.yml")) {
                first = p;
            } else if (n.equals("types.sl.yml")) {
                last = p;
            } else {
                files.add(p);
            }
        }
        if (first != null) {
            files.add(0, first);
        }
        if (last != null) {
            files.add(last);
        }
        return files;
    }

    /** Reads {@code metadata/types} through the type catalogue, moving its problems (file:line) into ours. */
    static ProjectTypes load(ProjectPaths paths, Path typesDir, Problems problems) {
        TypeCatalog catalog = TypeCatalog.defaults();
        List<Path> files;
        try {
            files = typeFiles(paths, typesDir);
        } catch (ProjectPaths.PathEscapeException e) {
            problems.error(paths.display(typesDir), 1, e.getMessage());
            return new ProjectTypes(catalog);
        }
        for (Path f : files) {
            String display = paths.display(f);
            String text;
            try {
                text = paths.read(f);
            } catch (RuntimeException e) {
                problems.error(display, 1, e.getMessage());
                continue;
            }
            TypeCatalog.Parsed parsed = TypeCatalog.parse(display, text);
            for (Problem p : parsed.problems()) { // one problem, one output line
                problems.add(new Problem(p.severity(), p.file(), p.line(), p.message().lines().findFirst().orElse("")));
            }
            catalog = catalog.withTypes(parsed.types());
        }
        return new ProjectTypes(catalog);
    }
}
