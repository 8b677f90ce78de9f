package dev.lakestation.jobs.area;

import dev.lakestation.schema.model.Domain;
import dev.lakestation.schema.model.Table;
import dev.lakestation.schema.project.Project;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.lakestation.jobs.area.AreaFixtures.mtime;
import static dev.lakestation.jobs.area.AreaFixtures.names;
import static dev.lakestation.jobs.area.AreaFixtures.read;
import static dev.lakestation.jobs.area.AreaFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link LoadFiles}: stage → ingesting → archive / unresolved on real files. */
class LoadFilesTest {
    @TempDir
    Path root;
    Path stage;
    Path ingesting;
    Path archive;
    Project project;
    Domain shop;
    Table orders;
    Table lines;

    @BeforeEach
    void shop() {
        AreaFixtures.shop(root);
        stage = root.resolve("datasets/stage/shop");
        ingesting = root.resolve("datasets/ingesting/shop");
        archive = root.resolve("datasets/archive/shop");
        reload();
    }

    private void reload() {
        project = AreaFixtures.load(root);
        shop = project.domain("shop").orElseThrow();
        orders = shop.table("orders").orElseThrow();
        lines = shop.table("lines").orElseThrow();
    }

    private static List<String> fileNames(List<Path> paths) {
        return paths.stream().map(p -> p.getFileName().toString()).toList();
    }

    @Test
    void stagedFilesOfATableAreOrderedByModificationTimeThenName() {
        mtime(write(stage.resolve("orders_c.json"), "[]".getBytes()), 1_000);
        mtime(write(stage.resolve("orders_b.json"), "[]".getBytes()), 2_000);
        mtime(write(stage.resolve("orders_a.json"), "[]".getBytes()), 2_000);
        write(stage.resolve("lines_1.csv"), "id\n".getBytes());
        write(stage.resolve(".orders_hidden.json"), "[]".getBytes());
        write(stage.resolve("orders_dir.json/inner"), "x".getBytes());   // a folder, not a file
        List<Path> staged = LoadFiles.of(project).staged(shop, orders);
        assertThat(fileNames(staged)).containsExactly("orders_c.json", "orders_a.json", "orders_b.json");
        assertThat(staged).allSatisfy(p -> assertThat(p.getParent()).isEqualTo(stage));
    }

    /** Overlapping patterns fail validation, so the domain is built in code: "all" comes first and wins. */
    @Test
    void theFirstMatchingTableWins() {
        Table all = new Table("all", java.util.regex.Pattern.compile("orders_x.*\\.json"), orders.attributes(),
                orders.metadata(), orders.ownMetadata(), List.of(), null, List.of(), List.of(), null, null, null,
                List.of(), null, orders.source());
        List<Table> tables = new java.util.ArrayList<>(List.of(all));
        tables.addAll(shop.tables());
        Domain overlapping = new Domain("shop", shop.metadata(), null, null, null, null, tables, shop.source());
        write(stage.resolve("orders_x1.json"), "[]".getBytes());
        write(stage.resolve("orders_1.json"), "[]".getBytes());
        LoadFiles files = LoadFiles.of(project);
        assertThat(fileNames(files.staged(overlapping, orders))).containsExactly("orders_1.json");
        assertThat(fileNames(files.staged(overlapping, all))).containsExactly("orders_x1.json");
    }

    @Test
    void unresolvedFilesMoveToTheUnresolvedAreaWithoutOverwriting() {
        write(stage.resolve("orders_1.json"), "[]".getBytes());
        write(stage.resolve("mystery.txt"), "new".getBytes());
        write(root.resolve("datasets/unresolved/shop/mystery.txt"), "old".getBytes());
        List<Path> moved = LoadFiles.of(project).moveUnresolved(shop);
        Path unresolved = root.resolve("datasets/unresolved/shop");
        assertThat(moved).containsExactly(unresolved.resolve("mystery.txt.1"));
        assertThat(read(unresolved.resolve("mystery.txt"))).isEqualTo("old");
        assertThat(read(unresolved.resolve("mystery.txt.1"))).isEqualTo("new");
        assertThat(names(stage)).containsExactly("orders_1.json");
    }

    @Test
    void aLoadMovesItsFilesToIngestingThenArchivesThem() {
        mtime(write(stage.resolve("orders_2.json"), "[2]".getBytes()), 2_000);
        mtime(write(stage.resolve("orders_1.json"), "[1]".getBytes()), 1_000);
        write(stage.resolve("lines_1.csv"), "id\n".getBytes());
        LoadFiles files = LoadFiles.of(project);
        List<Path> taken = files.toIngesting(shop, orders);
        assertThat(taken).containsExactly(ingesting.resolve("orders_1.json"), ingesting.resolve("orders_2.json"));
        assertThat(names(stage)).containsExactly("lines_1.csv");
        assertThat(read(taken.get(1))).isEqualTo("[2]");
        // modification times survive the move (loads order by them)
        assertThat(taken.get(0).toFile().lastModified()).isEqualTo(1_000_000L);

        write(archive.resolve("orders_1.json"), "loaded yesterday".getBytes());
        List<Path> archived = files.archive(shop, taken);
        assertThat(archived).containsExactly(archive.resolve("orders_1.json.1"), archive.resolve("orders_2.json"));
        assertThat(read(archive.resolve("orders_1.json"))).isEqualTo("loaded yesterday");
        assertThat(read(archive.resolve("orders_1.json.1"))).isEqualTo("[1]");
        assertThat(names(ingesting)).isEmpty();
    }

    @Test
    void withArchiveFalseLoadedFilesAreDeleted() {
        write(root, "metadata/application.sl.yml", "application:\n  archive: false\n");
        reload();
        write(stage.resolve("orders_1.json"), "[1]".getBytes());
        LoadFiles files = LoadFiles.of(project);
        List<Path> taken = files.toIngesting(shop, orders);
        assertThat(files.archive(shop, taken)).isEmpty();
        assertThat(names(ingesting)).isEmpty();
        assertThat(names(archive)).isEmpty();
    }

    /** A failed load leaves its files in ingesting; the next claim reads them again, first. */
    @Test
    void theNextLoadTakesWhatAFailedOneLeftInIngesting() {
        write(stage.resolve("orders_1.json"), "[1]".getBytes());
        LoadFiles files = LoadFiles.of(project);
        LoadFiles.Claim first = files.claim(shop, orders);
        assertThat(first.files()).containsExactly(ingesting.resolve("orders_1.json"));
        assertThat(first.resumed()).isEmpty();
        // ... the load fails: nothing archived. New files arrive, one with the same name as the leftover.
        write(stage.resolve("orders_2.json"), "[2]".getBytes());
        write(stage.resolve("orders_1.json"), "[1 again]".getBytes());
        write(ingesting.resolve("lines_9.csv"), "id\n".getBytes());   // another table's leftover: not ours
        assertThat(fileNames(files.leftInIngesting(shop, orders))).containsExactly("orders_1.json");

        LoadFiles.Claim second = files.claim(shop, orders);
        assertThat(second.resumed()).containsExactly(ingesting.resolve("orders_1.json"));
        assertThat(second.files()).containsExactly(ingesting.resolve("orders_1.json"),
                ingesting.resolve("orders_2.json"));
        assertThat(second.deferred()).containsExactly(stage.resolve("orders_1.json"));
        assertThat(read(ingesting.resolve("orders_1.json"))).isEqualTo("[1]");   // never overwritten
        files.archive(shop, second.files());
        // the deferred one is taken by the load after
        assertThat(files.claim(shop, orders).files()).containsExactly(ingesting.resolve("orders_1.json"));
        assertThat(read(ingesting.resolve("orders_1.json"))).isEqualTo("[1 again]");
        assertThat(fileNames(files.leftInIngesting(shop, lines))).containsExactly("lines_9.csv");
    }

    @Test
    void aSymbolicLinkLeadingOutsideTheRootIsRefusedAndLeftInPlace(@TempDir Path outside) throws IOException {
        Path secret = write(outside.resolve("secret.json"), "[]".getBytes());
        Files.createDirectories(stage);
        Path link = Files.createSymbolicLink(stage.resolve("orders_1.json"), secret);
        LoadFiles files = LoadFiles.of(project);
        assertThatThrownBy(() -> files.staged(shop, orders))
                .isInstanceOf(AreaException.class)
                .hasMessageStartingWith("file datasets/stage/shop/orders_1.json (left in place) refused: "
                        + "datasets/stage/shop/orders_1.json leads outside the project root " + root
                        + " through a symbolic link (to " + secret.toRealPath() + ")");
        assertThatThrownBy(() -> files.moveUnresolved(shop)).isInstanceOf(AreaException.class);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(names(ingesting)).isEmpty();
        assertThat(read(secret)).isEqualTo("[]");
    }

    @Test
    void pathsOutsideTheirAreaAreRefused() {
        write(stage.resolve("orders_1.json"), "[1]".getBytes());
        write(root.resolve("orders_2.json"), "[2]".getBytes());
        LoadFiles files = LoadFiles.of(project);
        Path sneaky = stage.resolve("../../../orders_2.json");
        assertThatThrownBy(() -> files.toIngesting(shop, orders, List.of(sneaky)))
                .isInstanceOf(AreaException.class)
                .hasMessage("orders_2.json is not in datasets/stage/shop; refused (left in place)");
        assertThatThrownBy(() -> files.toIngesting(shop, lines, List.of(stage.resolve("orders_1.json"))))
                .hasMessage("datasets/stage/shop/orders_1.json is not a file of table shop.lines; refused (left in place)");
        assertThatThrownBy(() -> files.archive(shop, List.of(stage.resolve("orders_1.json"))))
                .hasMessage("datasets/stage/shop/orders_1.json is not in datasets/ingesting/shop; refused (left in place)");
        assertThat(root.resolve("orders_2.json")).exists();
        assertThat(names(stage)).containsExactly("orders_1.json");
    }

    @Test
    void namesWithSpacesAndUnicodeGoThroughTheWholeLifecycle() {
        write(stage.resolve("orders_été 1 ü.json"), "[1]".getBytes());
        write(stage.resolve("報告 2024.txt"), "?".getBytes());
        LoadFiles files = LoadFiles.of(project);
        assertThat(fileNames(files.moveUnresolved(shop))).containsExactly("報告 2024.txt");
        List<Path> taken = files.toIngesting(shop, orders);
        assertThat(fileNames(taken)).containsExactly("orders_été 1 ü.json");
        assertThat(fileNames(files.archive(shop, taken))).containsExactly("orders_été 1 ü.json");
        assertThat(read(archive.resolve("orders_été 1 ü.json"))).isEqualTo("[1]");
    }
}
