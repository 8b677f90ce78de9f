package dev.lakestation.jobs.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code lakestation validate} run in-process on real project trees. */
class ValidateCommandTest {
    @TempDir
    Path root;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LakestationCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }

    private void write(String relative, String content) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @Test
    void brokenProjectPrintsEveryProblemAndExitsOne() throws IOException {
        write("metadata/types/types.sl.yml", """
                types:
                  - name: code
                    primitiveType: string
                    pattern: "(unclosed"
                """);
        write("metadata/load/shop/_config.sl.yml", """
                load:
                  name: shop
                  metadata:
                    writeStrategy:
                      type: UPSERT_BY_KEY
                """);
        write("metadata/load/shop/customers.sl.yml", """
                table:
                  name: customers
                  pattern: "customers.*"
                  attributes:
                    - name: id
                      type: integr
                      shade: blue
                """);
        write("metadata/load/shop/orders.sl.yml", """
                table:
                  name: orders
                  pattern: "orders[.csv"
                  metadata:
                    format: XML
                  attributes:
                    - name: id
                """);
        write("metadata/load/shop/bad.sl.yml", "table:\n  name: [unclosed\n");

        Run r = run("validate", "--root", root.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).containsExactly(
                "metadata/load/shop/_config.sl.yml:5: writeStrategy UPSERT_BY_KEY needs 'key' (the key columns)",
                "metadata/load/shop/bad.sl.yml:3: YAML syntax error: expected ',' or ']', but got <stream end> "
                        + "(while parsing a flow sequence)",
                "metadata/load/shop/customers.sl.yml:6: unknown type 'integr' for attribute 'id' (table 'customers')",
                "warning: metadata/load/shop/customers.sl.yml:7: unknown key 'shade' in attribute 'id' (ignored)",
                "metadata/load/shop/orders.sl.yml:3: table 'orders': invalid pattern 'orders[.csv': "
                        + "Unclosed character class near index 10",
                "metadata/load/shop/orders.sl.yml:5: table 'orders' is XML but has no options.rowTag "
                        + "(the element holding one record)",
                "metadata/types/types.sl.yml:4: type `code` (string): invalid pattern `(unclosed`: "
                        + "Unclosed group near index 13",
                "invalid project " + root + ": 6 errors, 1 warning");
    }

    @Test
    void validProjectPrintsASummaryAndExitsZero() throws IOException {
        write("metadata/load/sales/_config.sl.yml", "load:\n  name: sales\n  metadata:\n    separator: \",\"\n");
        write("metadata/load/sales/orders.sl.yml", """
                table:
                  name: orders
                  pattern: "orders.*"
                  attributes:
                    - name: id
                      type: long
                      colour: red
                """);
        write("metadata/transform/kpi/total.sql", "SELECT count(*) AS n FROM sales.orders\n");

        Run r = run("--root", root.toString(), "validate");

        assertThat(r.exit()).isZero();
        assertThat(r.err().lines().toList()).containsExactly(
                "warning: metadata/load/sales/orders.sl.yml:7: unknown key 'colour' in attribute 'id' (ignored)");
        assertThat(r.out()).isEqualTo("valid: 1 domain, 1 table, 1 task, 1 warning (" + root + ")\n");
    }

    @Test
    void envSelectsTheProfileFile() throws IOException {
        write("metadata/env.sl.yml", "env:\n  sep: \",\"\n");
        write("metadata/env.BAD.sl.yml", "env:\n  fmt: CSVX\n");
        write("metadata/load/sales/_config.sl.yml", "load:\n  name: sales\n  metadata:\n    format: \"${fmt}\"\n");
        write("metadata/load/sales/orders.sl.yml", """
                table:
                  name: orders
                  pattern: "orders.*"
                  attributes:
                    - name: id
                """);
        Run bad = run("validate", "--env", "BAD", "--root", root.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).startsWith("metadata/load/sales/_config.sl.yml:4: unknown format 'CSVX'");

        Run none = run("--root", root.toString(), "validate");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("metadata/load/sales/_config.sl.yml:4: unknown format '${fmt}'")
                .contains("warning: metadata/load/sales/_config.sl.yml:4: undefined variable 'fmt' (left as written)");

        write("metadata/env.GOOD.sl.yml", "env:\n  fmt: DSV\n");
        Run good = run("--env", "GOOD", "validate", "--root", root.toString());
        assertThat(good.err()).isEmpty();
        assertThat(good.exit()).isZero();
    }

    @Test
    void theStarbakeExampleIsValid() {
        Path example = Path.of("../examples/starbake").toAbsolutePath().normalize();
        Run r = run("validate", "--root", example.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("valid: 1 domain, 5 tables, 6 tasks, 0 warnings (" + example + ")\n");
    }

    @Test
    void missingRootAndUsageErrors() {
        Run missing = run("validate", "--root", root.resolve("nope").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("project root is not a directory");

        Run usage = run("validate", "--no-such-option");
        assertThat(usage.exit()).isEqualTo(LakestationCli.EXIT_USAGE);
        assertThat(usage.err()).contains("Unknown option: '--no-such-option'");
        // one line and a pointer to --help, not the option list
        assertThat(usage.err().strip().lines()).hasSize(2).last().asString()
                .isEqualTo("Try 'lakestation validate --help' for the options.");
        Run missingValue = run("publish", "--station");
        assertThat(missingValue.exit()).isEqualTo(LakestationCli.EXIT_USAGE);
        assertThat(missingValue.err().strip()).isEqualTo("Missing required parameter for option "
                + "'--station' (STATION)\nTry 'lakestation publish --help' for the options.");

        Run help = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("validate").contains("--root").contains("--env");
    }
}
