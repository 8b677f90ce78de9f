package dev.lakestation.jobs.coordinator;

import dev.lakestation.schema.project.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RegexLineageTest {

    @Test
    void namesAfterFromAndJoinWithAliasesAndCommaListsAsStarlake() {
        assertThat(RegexLineage.extract("SELECT * FROM a.x ax, b.y AS by2 JOIN c.z cz ON cz.id = ax.id"))
                .containsExactly("a.x", "b.y", "c.z");
    }

    @Test
    void backticksAreRemovedAndSubqueriesAndFunctionsSkipped() {
        assertThat(RegexLineage.extract("SELECT EXTRACT(year FROM date(o.ts)) FROM `sales`.`orders` o\n"
                + "JOIN (SELECT id FROM sales.items) i ON i.id = o.id")).containsExactly("sales.orders", "sales.items");
    }

    @Test
    void likeStarlakeTheFromGroupRunsToTheEndOfTheLine() {
        // Starlake's FROM group is case-insensitive letters and blanks up to the line end: on one line it swallows
        // "o JOIN (SELECT id FROM sales.items" and keeps only its first word; the parser-based lineage fixes this
        assertThat(RegexLineage.extract("SELECT * FROM sales.orders o JOIN (SELECT id FROM sales.items) i ON 1=1"))
                .containsExactly("sales.orders");
    }

    @Test
    void likeStarlakeACteNameIsReported() {
        assertThat(RegexLineage.extract("WITH d AS (SELECT * FROM s.t) SELECT * FROM d")).containsExactly("s.t", "d");
    }

    @Test
    void aStatementStartingWithFromAndMixedCaseKeywords() {
        assertThat(RegexLineage.extract("from a.b\n  left join c.d on 1=1")).containsExactly("a.b", "c.d");
    }

    @Test
    void variablesAreSubstitutedBeforeExtraction(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("metadata"));
        Files.writeString(root.resolve("metadata/env.sl.yml"), "version: 1\nenv:\n  src: \"sales\"\n");
        Project p = new TestProject(root).table("sales", "orders")
                .task("kpi", "t", "SELECT * FROM ${src}.orders o JOIN {{src}}.orders o2 ON o.id = o2.id").load();
        assertThat(new RegexLineage().references(p, p.task("kpi.t").orElseThrow())).containsExactly("sales.orders");
    }

    @Test
    void parseSqlFalseHasNoReferences(@TempDir Path root) {
        Project p = new TestProject(root).table("sales", "orders")
                .task("kpi", "t", "SELECT * FROM sales.orders", "parseSQL: false").load();
        assertThat(new RegexLineage().references(p, p.task("kpi.t").orElseThrow())).isEmpty();
    }
}
