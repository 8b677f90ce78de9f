package dev.lakestation.jobs.area;

import dev.lakestation.schema.project.Project;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static dev.lakestation.jobs.area.AreaFixtures.entries;
import static dev.lakestation.jobs.area.AreaFixtures.names;
import static dev.lakestation.jobs.area.AreaFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Preload}: each Starlake strategy on real files. */
class PreloadTest {
    /** 2026-12-02T23:30Z: still the 2nd in UTC, already the 3rd in Paris. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T23:30:00Z"), ZoneOffset.UTC);

    @TempDir
    Path root;
    Path landing;
    Path stage;

    @BeforeEach
    void shop() {
        AreaFixtures.shop(root);
        landing = root.resolve("landing/shop");
        stage = root.resolve("datasets/stage/shop");
    }

    private PreloadResult check(PreloadStrategy s, Path ack, String... tables) {
        Project p = AreaFixtures.load(root);
        return Preload.of(p, CLOCK).check("shop", List.of(tables), s, ack);
    }

    @Test
    void noneIsAlwaysReady() {
        PreloadResult r = check(PreloadStrategy.NONE, null, "orders", "lines");
        assertThat(r.ready()).isTrue();
        assertThat(r.counts()).containsExactly(java.util.Map.entry("lines", 1), java.util.Map.entry("orders", 1));
    }

    @Test
    void importedCountsWhatAStageWouldMoveWithoutMovingIt() {
        write(landing.resolve("orders_1.json"), "[]".getBytes());
        AreaFixtures.zip(landing.resolve("b.zip"), entries("orders_2.json", "[]", "lines_1.csv", "id\n"));
        write(landing.resolve("customers_1.csv"), "id\n".getBytes());   // no ack file yet: not ready
        write(landing.resolve("notes.txt"), "x".getBytes());
        List<String> before = names(landing);

        PreloadResult r = check(PreloadStrategy.IMPORTED, null);
        // in the domain's table order (file names of the table YAML)
        assertThat(r.counts()).containsExactly(java.util.Map.entry("customers", 0), java.util.Map.entry("lines", 1),
                java.util.Map.entry("orders", 2));
        assertThat(r.ready()).isTrue();
        assertThat(names(landing)).isEqualTo(before);
        assertThat(names(stage)).isEmpty();

        PreloadResult customers = check(PreloadStrategy.IMPORTED, null, "customers");
        assertThat(customers.ready()).isFalse();
        assertThat(customers.counts()).containsExactly(java.util.Map.entry("customers", 0));
        write(landing.resolve("customers_1.ack"), new byte[0]);
        assertThat(check(PreloadStrategy.IMPORTED, null, "customers").ready()).isTrue();
        assertThat(landing.resolve("customers_1.ack")).exists();   // a dry run deletes no ack file
    }

    @Test
    void pendingCountsStagedFilesPerTable() {
        assertThat(check(PreloadStrategy.PENDING, null).ready()).isFalse();
        write(stage.resolve("lines_1.csv"), "id\n".getBytes());
        write(stage.resolve("lines_2.csv"), "id\n".getBytes());
        write(stage.resolve(".lines_3.csv"), "id\n".getBytes());
        write(landing.resolve("orders_1.json"), "[]".getBytes());   // in landing, not staged: not pending
        PreloadResult r = check(PreloadStrategy.PENDING, null, "orders", "lines");
        assertThat(r.counts()).containsExactly(java.util.Map.entry("lines", 2), java.util.Map.entry("orders", 0));
        assertThat(r.ready()).isTrue();
        assertThat(check(PreloadStrategy.PENDING, null, "orders").ready()).isFalse();
    }

    @Test
    void ackNeedsTheGlobalAckFileAndDeletesIt() {
        Path dflt = root.resolve("datasets/pending/shop/2026-12-02.ack");
        PreloadResult missing = check(PreloadStrategy.ACK, null);
        assertThat(missing.ready()).isFalse();
        assertThat(missing.detail()).isEqualTo("ack file datasets/pending/shop/2026-12-02.ack not found");
        assertThat(missing.counts().values()).containsOnly(0);

        write(dflt, new byte[0]);
        PreloadResult found = check(PreloadStrategy.ACK, null, "orders");
        assertThat(found.ready()).isTrue();
        assertThat(found.detail()).isEqualTo("ack file datasets/pending/shop/2026-12-02.ack found and deleted");
        assertThat(dflt).doesNotExist();
        assertThat(check(PreloadStrategy.ACK, null).ready()).isFalse();   // consumed

        Path explicit = write(root.resolve("acks/today.ok"), new byte[0]);
        assertThat(check(PreloadStrategy.ACK, Path.of("acks/today.ok")).ready()).isTrue();
        assertThat(explicit).doesNotExist();
    }

    @Test
    void theDefaultAckFileUsesTheProjectTimeZone() {
        write(root, "metadata/application.sl.yml", "application:\n  timezone: Europe/Paris\n");
        Project p = AreaFixtures.load(root);
        assertThat(Preload.of(p, CLOCK).defaultAckFile("shop"))
                .isEqualTo(root.resolve("datasets/pending/shop/2026-12-03.ack"));
    }

    @Test
    void aGlobalAckFileOutsideTheRootIsRefused(@TempDir Path outside) {
        Path ack = write(outside.resolve("x.ack"), new byte[0]);
        assertThatThrownBy(() -> check(PreloadStrategy.ACK, ack))
                .isInstanceOf(AreaException.class)
                .hasMessageStartingWith("global ack file refused: " + ack + " is outside the project root");
        assertThat(ack).exists();
    }

    @Test
    void unknownNamesAndStrategies() {
        Project p = AreaFixtures.load(root);
        assertThatThrownBy(() -> Preload.of(p).check("nope", List.of(), PreloadStrategy.NONE, null))
                .isInstanceOf(UnknownNameException.class).hasMessage("unknown domain 'nope'; known domains: shop");
        assertThatThrownBy(() -> Preload.of(p).check("shop", List.of("x"), PreloadStrategy.NONE, null))
                .hasMessage("unknown table 'x' in domain 'shop'; known tables: customers, lines, orders");
        assertThat(PreloadStrategy.parse("Imported")).isEqualTo(PreloadStrategy.IMPORTED);
        assertThatThrownBy(() -> PreloadStrategy.parse("later"))
                .hasMessage("unknown preload strategy 'later'; use none, imported, pending or ack");
    }
}
