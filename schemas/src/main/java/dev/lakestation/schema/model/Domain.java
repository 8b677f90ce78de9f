package dev.lakestation.schema.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A load domain (Starlake's {@code DomainInfo}) with its tables in load order (file name order of their YAML).
 *
 * <pre>{@code
 * Optional<Table> t = domain.findTable("orders_2024.json"); // first table whose pattern fully matches
 * }</pre>
 *
 * @param name     domain name
 * @param metadata domain-level metadata as written, never null
 * @param comment  description, or null
 * @param tags     tags, never null
 * @param rename   output database/schema name, or null
 * @param database target database, or null
 * @param tables   tables, never null
 * @param source   {@code _config.sl.yml} path relative to the project root
 */
public record Domain(String name, Metadata metadata, String comment, Set<String> tags, String rename,
                     String database, List<Table> tables, Path source) {

    public Domain {
        metadata = metadata == null ? Metadata.EMPTY : metadata;
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        tables = tables == null ? List.of() : List.copyOf(tables);
    }

    /** Output name: {@code rename} when set, else {@code name}. */
    public String finalName() {
        return rename != null ? rename : name;
    }

    /**
     * The table a file belongs to: the first table whose pattern fully matches {@code fileName}, as Starlake's
     * {@code DomainInfo.findSchema}. Pass a file name, not a path; a path is reduced to its last element.
     */
    public Optional<Table> findTable(String fileName) {
        String name = fileName;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        for (Table t : tables) {
            if (t.matches(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The table with this name (case-sensitive). */
    public Optional<Table> table(String tableName) {
        return tables.stream().filter(t -> t.name().equals(tableName)).findFirst();
    }
}
