package dev.lakestation.schema.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A table of a load domain (Starlake's {@code SchemaInfo}), read from {@code metadata/load/<domain>/<table>.sl.yml}.
 * {@link #metadata()} is already merged over the domain's metadata.
 *
 * <pre>{@code
 * Table t = project.domain("sales").orElseThrow().table("orders").orElseThrow();
 * t.matches("orders-2024.csv");  // full match of t.pattern() on the file name
 * t.metadata().resolveFormat();  // DSV
 * }</pre>
 *
 * @param name          table name
 * @param pattern       file-name pattern, compiled (full match on the file name only)
 * @param attributes    columns in declaration order
 * @param metadata      merged metadata (domain metadata overridden by the table's), never null
 * @param ownMetadata   the table's own metadata block as written, or {@link Metadata#EMPTY}
 * @param primaryKey    primary key columns, never null
 * @param filter        SQL predicate applied to accepted rows, or null
 * @param presql        statements run before the write, never null
 * @param postsql       statements run after the write, never null
 * @param comment       description, or null
 * @param tags          tags, never null
 * @param rename        output table name, or null
 * @param expectations  expectations as raw YAML values (maps/lists/strings), never null
 * @param patternSample a sample file name declared by the table, or null
 * @param source        the YAML file the table comes from, relative to the project root
 */
public record Table(String name, Pattern pattern, List<Attribute> attributes, Metadata metadata,
                    Metadata ownMetadata, List<String> primaryKey, String filter, List<String> presql,
                    List<String> postsql, String comment, Set<String> tags, String rename, List<Object> expectations,
                    String patternSample, Path source)
        implements java.io.Serializable {

    public Table {
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
        metadata = metadata == null ? Metadata.EMPTY : metadata;
        ownMetadata = ownMetadata == null ? Metadata.EMPTY : ownMetadata;
        primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
        presql = presql == null ? List.of() : List.copyOf(presql);
        postsql = postsql == null ? List.of() : List.copyOf(postsql);
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        expectations = expectations == null ? List.of() : java.util.Collections.unmodifiableList(
                new java.util.ArrayList<>(expectations));
    }

    /**
     * Java serialization, for a job that ships the table to where its records are validated
     * ({@code dev.lakestation.schema.project.TableModel}): {@link Path} is not serializable, so a table with a
     * {@link #source()} travels as itself without it plus the source's text.
     */
    @java.io.Serial
    private Object writeReplace() {
        return source == null ? this : new Serialized(withSource(null), source.toString());
    }

    private Table withSource(Path newSource) {
        return new Table(name, pattern, attributes, metadata, ownMetadata, primaryKey, filter, presql, postsql,
                comment, tags, rename, expectations, patternSample, newSource);
    }

    /** The serial form of a table with a source: the table without it, and the source path's text. */
    private record Serialized(Table table, String source) implements java.io.Serializable {
        @java.io.Serial
        private Object readResolve() {
            return table.withSource(Path.of(source));
        }
    }

    /** Output name: {@code rename} when set, else {@code name}. */
    public String finalName() {
        return rename != null ? rename : name;
    }

    /** True when {@code fileName} (a name, not a path) fully matches {@link #pattern()}. */
    public boolean matches(String fileName) {
        return pattern.matcher(fileName).matches();
    }

    /** The attribute with this source name. */
    public Optional<Attribute> attribute(String attributeName) {
        return attributes.stream().filter(a -> a.name().equals(attributeName)).findFirst();
    }
}
