package dev.lakestation.schema.project;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds Starlake projects from the copied starlake-samples the way Starlake's TestHelper does: the domain file
 * becomes {@code metadata/load/<domain>/_config.sl.yml}, each table file {@code metadata/load/<domain>/<table>.sl.yml},
 * the default and test type files go to {@code metadata/types/}, and {@code __SL_TEST_ROOT__} is replaced by the root.
 */
final class SampleProjects {
    private SampleProjects() {
    }

    static String resource(String path) {
        try (InputStream in = SampleProjects.class.getResourceAsStream("/starlake-samples/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path root, String relative, String content) {
        try {
            Path p = root.resolve(relative);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content.replace("__SL_TEST_ROOT__", root.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A project with the two type files of the harness and nothing else. */
    static Path withTypes(Path root) {
        write(root, "metadata/types/default.sl.yml", resource("types/default.sl.yml"));
        write(root, "metadata/types/types.sl.yml", resource("types/test-types.sl.yml"));
        return root;
    }

    /**
     * Installs one load case: {@code domainFile} and {@code tableFile} of {@code sampleDir} as domain
     * {@code domain} and table {@code table}.
     */
    static Path loadCase(Path root, String sampleDir, String domainFile, String domain, String tableFile, String table) {
        withTypes(root);
        write(root, "metadata/load/" + domain + "/_config.sl.yml", resource(sampleDir + "/" + domainFile));
        write(root, "metadata/load/" + domain + "/" + table + ".sl.yml", resource(sampleDir + "/" + tableFile));
        return root;
    }

    static Path position(Path root) {
        return loadCase(root, "position_account", "position.sl.yml", "position", "account_position.sl.yml", "account");
    }

    static Path json(Path root) {
        return loadCase(root, "json_complex_with_error", "json.sl.yml", "json", "sample_json.sl.yml", "sample_json");
    }

    static Path xml(Path root) {
        return loadCase(root, "xml_locations", "locations_domain.sl.yml", "locations", "locations.sl.yml", "locations");
    }

    static Path dsvOrders(Path root) {
        return loadCase(root, "dsv_orders_header", "_config.sl.yml", "sales", "orders.sl.yml", "orders");
    }

    static Path dsvDream(Path root) {
        return loadCase(root, "dsv_dream_client_noheader", "dreamignore.sl.yml", "dreamignore", "client.sl.yml", "client");
    }

    /** The starbake demo: load and transform folders, types, an env.sl.yml defining incoming_path. */
    static Path starbake(Path root) {
        withTypes(root);
        for (String t : new String[] {"_config", "order_lines", "orders", "products"}) {
            write(root, "metadata/load/starbake/" + t + ".sl.yml", resource("starbake/load/starbake/" + t + ".sl.yml"));
        }
        write(root, "metadata/transform/kpi/_config.sl.yml", resource("starbake/transform/kpi/_config.sl.yml"));
        for (String t : new String[] {"order_items_analysis", "order_summary", "product_summary", "revenue_summary"}) {
            write(root, "metadata/transform/kpi/" + t + ".sql", resource("starbake/transform/kpi/" + t + ".sql"));
        }
        write(root, "metadata/env.sl.yml", "version: 1\nenv:\n  incoming_path: \"{{SL_ROOT}}/datasets/incoming\"\n");
        return root;
    }
}
