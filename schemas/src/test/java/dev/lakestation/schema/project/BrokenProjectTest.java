package dev.lakestation.schema.project;

import dev.lakestation.schema.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.lakestation.schema.project.SampleProjects.write;
import static org.assertj.core.api.Assertions.assertThat;

/** A project broken in many files reports every problem at once, each with its file and line. */
class BrokenProjectTest {
    @TempDir
    Path root;

    /** Writes the broken project (also used as the reference for the CLI test in jobs). */
    static Path brokenProject(Path root) {
        write(root, "metadata/types/types.sl.yml", """
                types:
                  - name: code
                    primitiveType: string
                    pattern: "[A-Z"
                """);
        write(root, "metadata/load/shop/_config.sl.yml", """
                version: 1
                load:
                  name: shop
                  metadata:
                    format: CSVX
                    writeStrategy:
                      type: UPSERT_BY_KEY
                """);
        write(root, "metadata/load/shop/customers.sl.yml", """
                table:
                  name: customers
                  pattern: "customers_(.*\\\\.csv"
                  attributes:
                    - name: id
                      type: integr
                    - name: since
                      type: date
                      colour: blue
                  metadata:
                    writeStrategy:
                      type: UPSERT_BY_KEY_AND_TIMESTAMP
                      key: [id]
                """);
        write(root, "metadata/load/shop/orders.sl.yml", """
                table:
                  name: orders
                  pattern: "orders.*"
                  attributes:
                    - name: id
                """);
        write(root, "metadata/load/shop/orders_eu.sl.yml", """
                table:
                  name: orders_eu
                  pattern: "orders_eu.*"
                  attributes:
                    - name: id
                """);
        write(root, "metadata/load/feeds/_config.sl.yml", """
                load:
                  name: feeds
                  metadata:
                    format: XML
                """);
        write(root, "metadata/load/feeds/items.sl.yml", """
                table:
                  name: items
                  pattern: "items.*\\\\.xml"
                  attributes:
                    - name: sku
                """);
        write(root, "metadata/load/feeds/fixed.sl.yml", """
                table:
                  name: fixed
                  pattern: "FIX.*"
                  metadata:
                    format: POSITION
                  attributes:
                    - name: a
                      position:
                        first: 0
                        last: 3
                    - name: b
                      type: long
                    - name: c
                      script: "a"
                """);
        write(root, "metadata/load/feeds/broken.sl.yml", """
                table:
                  name: broken
                    pattern: x
                """);
        write(root, "metadata/transform/kpi/t1.sql", "SELECT 1\n");
        write(root, "metadata/transform/kpi/t1.sl.yml", """
                task:
                  writeStrategy:
                    type: DELETE_THEN_INSERT
                """);
        return root;
    }

    @Test
    void reportsEveryProblemWithFileAndLine() {
        LoadResult r = ProjectLoader.load(brokenProject(root), null);
        assertThat(r.hasErrors()).isTrue();
        assertThat(r.project()).isEmpty();
        assertThat(r.errors()).extracting(Problem::toString).containsExactly(
                "metadata/load/feeds/_config.sl.yml:4: table 'items' is XML but has no options.rowTag (the element holding one record)",
                "metadata/load/feeds/broken.sl.yml:3: YAML syntax error: mapping values are not allowed here",
                "metadata/load/feeds/fixed.sl.yml:11: attribute 'b' of POSITION table 'fixed' has no position {first, last}",
                "metadata/load/shop/_config.sl.yml:5: unknown format 'CSVX' (expected one of DSV, POSITION, FIXED, JSON, "
                        + "JSON_ARRAY, JSON_FLAT, XML, TEXT_XML, PARQUET, GENERIC, KAFKA, KAFKASTREAM, DATAFRAME)",
                "metadata/load/shop/_config.sl.yml:7: writeStrategy UPSERT_BY_KEY needs 'key' (the key columns)",
                "metadata/load/shop/customers.sl.yml:3: table 'customers': invalid pattern 'customers_(.*\\.csv': "
                        + "Unclosed group near index 18",
                "metadata/load/shop/customers.sl.yml:6: unknown type 'integr' for attribute 'id' (table 'customers')",
                "metadata/load/shop/customers.sl.yml:12: writeStrategy UPSERT_BY_KEY_AND_TIMESTAMP needs 'timestamp' "
                        + "(a date or timestamp column)",
                "metadata/load/shop/orders_eu.sl.yml:3: pattern 'orders_eu.*' of table shop.orders_eu overlaps pattern "
                        + "'orders.*' of table shop.orders in domain 'shop': both match the file name 'orders_eu'",
                "metadata/transform/kpi/t1.sl.yml:3: writeStrategy DELETE_THEN_INSERT needs 'key' (the key columns)",
                "metadata/types/types.sl.yml:4: type `code` (string): invalid pattern `[A-Z`: "
                        + "Unclosed character class near index 7");
        assertThat(r.warnings()).extracting(Problem::toString).contains(
                "warning: metadata/load/shop/customers.sl.yml:9: unknown key 'colour' in attribute 'since' (ignored)");
    }
}
