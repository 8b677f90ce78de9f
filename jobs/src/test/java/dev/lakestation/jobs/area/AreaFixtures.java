package dev.lakestation.jobs.area;

import dev.lakestation.schema.project.LoadResult;
import dev.lakestation.schema.project.Project;
import dev.lakestation.schema.project.ProjectLoader;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Projects and landing files written by the tests (real files under a {@code @TempDir}). */
public final class AreaFixtures {
    /** The starbake sample data shipped in the repository (schemas' copy of the Starlake samples). */
    public static final Path STARBAKE_DATA = Path.of("../schemas/src/test/resources/starlake-samples/starbake/"
            + "sample-data/starbake").toAbsolutePath().normalize();
    /** The runnable starbake example project (metadata only). */
    public static final Path STARBAKE_EXAMPLE = Path.of("../examples/starbake").toAbsolutePath().normalize();

    private AreaFixtures() {
    }

    /**
     * Domain {@code shop}, landing {@code {{SL_ROOT}}/landing/shop}: tables {@code orders} ({@code orders_.*\.json}),
     * {@code lines} ({@code lines_.*\.csv}), {@code customers} ({@code customers_.*\.csv}, {@code ack: ack}).
     */
    public static void shop(Path root) {
        write(root, "metadata/load/shop/_config.sl.yml", """
                load:
                  name: shop
                  metadata:
                    directory: "{{SL_ROOT}}/landing/shop"
                """);
        table(root, "shop", "orders", "orders_.*\\\\.json", "format: JSON\n    array: true", null);
        table(root, "shop", "lines", "lines_.*\\\\.csv", "format: DSV", null);
        table(root, "shop", "customers", "customers_.*\\\\.csv", "format: DSV", "ack");
    }

    /** A table file; {@code pattern} as it goes inside a double-quoted YAML string. */
    public static void table(Path root, String domain, String name, String pattern, String metadata, String ack) {
        write(root, "metadata/load/" + domain + "/" + name + ".sl.yml", "table:\n  name: " + name + "\n  pattern: \""
                + pattern + "\"\n  metadata:\n    " + metadata + (ack == null ? "" : "\n    ack: \"" + ack + "\"")
                + "\n  attributes:\n    - name: id\n      type: long\n");
    }

    /**
     * Domain {@code domain} of comma-separated files with a header, and its table {@code name} (pattern
     * {@code name.*}) with the given attributes, each a YAML flow mapping such as {@code {name: id, type: long}}.
     */
    public static void dsvTable(Path root, String domain, String name, String... attributes) {
        write(root, "metadata/load/" + domain + "/_config.sl.yml", "load:\n  name: " + domain
                + "\n  metadata: {format: DSV, separator: \",\", withHeader: true}\n");
        StringBuilder t = new StringBuilder("table:\n  name: " + name + "\n  pattern: \"" + name
                + ".*\"\n  attributes:\n");
        for (String a : attributes) {
            t.append("    - ").append(a).append('\n');
        }
        write(root, "metadata/load/" + domain + "/" + name + ".sl.yml", t.toString());
    }

    /** The starbake example project's metadata with its sample files in {@code datasets/incoming/starbake}. */
    public static void starbake(Path root) {
        copyTree(STARBAKE_EXAMPLE.resolve("metadata"), root.resolve("metadata"));
        copyTree(STARBAKE_DATA, root.resolve("datasets/incoming/starbake"));
    }

    public static Project load(Path root) {
        LoadResult r = ProjectLoader.load(root, null);
        if (r.hasErrors()) {
            throw new AssertionError("test project invalid: " + r.problems());
        }
        return r.orThrow();
    }

    public static Path write(Path root, String relative, String content) {
        return write(root.resolve(relative), content.getBytes(StandardCharsets.UTF_8));
    }

    public static Path write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void mtime(Path file, long epochSecond) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(epochSecond * 1000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sorted file names in a folder (empty when absent), dot-files included. */
    public static List<String> names(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A gzip of {@code content}. */
    public static Path gzip(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(content.getBytes(StandardCharsets.UTF_8));
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A zip with these entries (name → content; a name ending with / is a folder entry). */
    public static Path zip(Path file, Map<String, String> entries) {
        try {
            Files.createDirectories(file.getParent());
            try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
                for (Map.Entry<String, String> e : entries.entrySet()) {
                    z.putNextEntry(new ZipEntry(e.getKey()));
                    z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                    z.closeEntry();
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A gzip-compressed tar with these regular-file entries. */
    public static Path tgz(Path file, Map<String, String> entries) {
        return tgz(file, entries, Map.of());
    }

    /** A gzip-compressed tar with regular files and symbolic links (name → target). */
    public static Path tgz(Path file, Map<String, String> entries, Map<String, String> links) {
        try {
            Files.createDirectories(file.getParent());
            try (TarArchiveOutputStream t = new TarArchiveOutputStream(
                    new GZIPOutputStream(Files.newOutputStream(file)))) {
                t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                for (Map.Entry<String, String> e : entries.entrySet()) {
                    byte[] b = e.getValue().getBytes(StandardCharsets.UTF_8);
                    TarArchiveEntry te = new TarArchiveEntry(e.getKey(), true);   // keep absolute names (tests)
                    te.setSize(b.length);
                    t.putArchiveEntry(te);
                    t.write(b);
                    t.closeArchiveEntry();
                }
                for (Map.Entry<String, String> e : links.entrySet()) {
                    TarArchiveEntry te = new TarArchiveEntry(e.getKey(), TarArchiveEntry.LF_SYMLINK);
                    te.setLinkName(e.getValue());
                    t.putArchiveEntry(te);
                    t.closeArchiveEntry();
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ordered map literal. */
    public static Map<String, String> entries(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    public static void copyTree(Path from, Path to) {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                    target.toFile().setWritable(true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
