package dev.lakestation.jobs.area;

import dev.lakestation.schema.project.Project;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.lakestation.jobs.area.AreaFixtures.entries;
import static dev.lakestation.jobs.area.AreaFixtures.names;
import static dev.lakestation.jobs.area.AreaFixtures.read;
import static dev.lakestation.jobs.area.AreaFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Stager}: landing → stage on real files. */
class StagerTest {
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

    private StageResult stage(String... tables) {
        Project p = AreaFixtures.load(root);
        return Stager.of(p).stage(List.of("shop"), List.of(tables));
    }

    @Test
    void starbakeSampleFilesMoveToStageWithTheirBytes() throws IOException {
        Path sb = root.resolve("sb");
        AreaFixtures.starbake(sb);
        Project p = AreaFixtures.load(sb);
        StageResult r = Stager.of(p).stage(List.of(), List.of());
        Path st = sb.resolve("datasets/stage/starbake");
        assertThat(names(st)).containsExactly("order-lines_202403011415.csv", "orders_202403011414.json",
                "products.xml");
        assertThat(names(sb.resolve("datasets/incoming/starbake"))).isEmpty();
        for (String n : names(st)) {
            assertThat(Files.readAllBytes(st.resolve(n))).isEqualTo(
                    Files.readAllBytes(AreaFixtures.STARBAKE_DATA.resolve(n)));
        }
        assertThat(r.countsByTable("starbake")).containsEntry("order_lines", 1).containsEntry("orders", 1)
                .containsEntry("products", 1);
        assertThat(r.staged()).extracting(StageResult.Staged::bytes).containsExactly(1335L, 11595L, 2760L);
        assertThat(r.ok()).isTrue();
    }

    @Test
    void onlyMatchingFilesMoveOthersAndDotFilesStay() {
        write(landing.resolve("orders_1.json"), "[]".getBytes());
        write(landing.resolve("orders_1.json.bak"), "x".getBytes());   // full match needed: .bak does not match
        write(landing.resolve("readme.txt"), "x".getBytes());
        write(landing.resolve(".orders_2.json"), "[]".getBytes());   // a dot-file, though the pattern matches
        StageResult r = stage();
        assertThat(names(stage)).containsExactly("orders_1.json");
        assertThat(names(landing)).containsExactly(".orders_2.json", "orders_1.json.bak", "readme.txt");
        assertThat(r.unmatched()).containsEntry("shop", 2);
    }

    @Test
    void tablesRestrictWhatMoves() {
        write(landing.resolve("orders_1.json"), "[]".getBytes());
        write(landing.resolve("lines_1.csv"), "id\n1\n".getBytes());
        StageResult r = stage("lines");
        assertThat(names(stage)).containsExactly("lines_1.csv");
        assertThat(names(landing)).containsExactly("orders_1.json");
        assertThat(r.kept()).isEmpty();
    }

    @Test
    void aFileWithAnAckMovesOnlyWithItsAckFileWhichIsDeleted() {
        write(landing.resolve("customers_1.csv"), "id\n1\n".getBytes());
        write(landing.resolve("customers_2.csv"), "id\n2\n".getBytes());
        write(landing.resolve("customers_2.ack"), new byte[0]);
        StageResult r = stage();
        assertThat(names(stage)).containsExactly("customers_2.csv");
        assertThat(names(landing)).containsExactly("customers_1.csv");
        assertThat(r.kept()).singleElement().satisfies(k -> {
            assertThat(k.file()).isEqualTo("landing/shop/customers_1.csv");
            assertThat(k.reason()).isEqualTo("waiting for its ack file customers_1.ack");
        });
        // the ack arrives: next run takes it
        write(landing.resolve("customers_1.ack"), new byte[0]);
        stage();
        assertThat(names(stage)).containsExactly("customers_1.csv", "customers_2.csv");
        assertThat(names(landing)).isEmpty();
    }

    @Test
    void theDomainAckAppliesToTablesWithoutTheirOwnAndATableMayOverrideIt() {
        write(root, "metadata/load/shop/_config.sl.yml", """
                load:
                  name: shop
                  metadata:
                    directory: "{{SL_ROOT}}/landing/shop"
                    ack: ".done"
                """);
        write(landing.resolve("orders_1.json"), "[]".getBytes());
        write(landing.resolve("lines_1.csv"), "id\n".getBytes());
        write(landing.resolve("lines_1.done"), new byte[0]);
        write(landing.resolve("customers_1.csv"), "id\n".getBytes());
        write(landing.resolve("customers_1.done"), new byte[0]);   // customers wants .ack, not .done
        StageResult r = stage();
        assertThat(names(stage)).containsExactly("lines_1.csv");
        assertThat(names(landing)).containsExactly("customers_1.csv", "customers_1.done", "orders_1.json");
        assertThat(r.kept()).extracting(StageResult.Kept::reason).containsExactly(
                "waiting for its ack file customers_1.ack", "waiting for its ack file orders_1.done");
    }

    @Test
    void gzIsDecompressedUnderTheNameWithoutGz() {
        String content = "[{\"id\":1}]\n".repeat(10_000);
        AreaFixtures.gzip(landing.resolve("orders_7.json.gz"), content);
        StageResult r = stage();
        assertThat(names(stage)).containsExactly("orders_7.json");
        assertThat(read(stage.resolve("orders_7.json"))).isEqualTo(content);
        assertThat(names(landing)).isEmpty();
        assertThat(r.staged()).singleElement().satisfies(s -> {
            assertThat(s.archive()).isEqualTo("landing/shop/orders_7.json.gz");
            assertThat(s.bytes()).isEqualTo(content.length());
        });
    }

    @Test
    void zipMembersAreMatchedOnTheirOwnNames() {
        AreaFixtures.zip(landing.resolve("batch.zip"), entries("orders_1.json", "[1]", "sub/", "",
                "sub/lines_1.csv", "id\n1\n", "__MACOSX/._lines_1.csv", "junk"));
        StageResult r = stage();
        assertThat(names(stage)).containsExactly("lines_1.csv", "orders_1.json");
        assertThat(read(stage.resolve("lines_1.csv"))).isEqualTo("id\n1\n");
        assertThat(read(stage.resolve("orders_1.json"))).isEqualTo("[1]");
        assertThat(names(landing)).isEmpty();
        assertThat(r.countsByTable("shop")).containsEntry("orders", 1).containsEntry("lines", 1);
    }

    @Test
    void tgzAndTarGzAreUnpacked() {
        AreaFixtures.tgz(landing.resolve("a.tgz"), entries("orders_1.json", "[1]", "x/lines_1.csv", "id\n"));
        AreaFixtures.tgz(landing.resolve("b.tar.gz"), entries("orders_2.json", "[2]"));
        stage();
        assertThat(names(stage)).containsExactly("lines_1.csv", "orders_1.json", "orders_2.json");
        assertThat(read(stage.resolve("orders_2.json"))).isEqualTo("[2]");
        assertThat(names(landing)).isEmpty();
    }

    /** An archive is staged whole or not at all: a member matching no table keeps the archive in landing. */
    @Test
    void anArchiveWithAMemberMatchingNoTableStaysWhole() {
        Path zip = AreaFixtures.zip(landing.resolve("mixed.zip"), entries("orders_1.json", "[1]", "notes.txt", "hi"));
        StageResult r = stage();
        assertThat(names(stage)).isEmpty();
        assertThat(zip).exists();
        assertThat(r.kept()).singleElement().satisfies(k -> assertThat(k.reason()).isEqualTo(
                "archive not staged: member 'notes.txt' matches no table of domain 'shop'"));
        // also when the member belongs to a table that is not selected
        Path tgz = AreaFixtures.tgz(landing.resolve("two.tgz"), entries("orders_2.json", "[2]", "lines_2.csv", "id"));
        r = stage("orders");
        assertThat(names(stage)).isEmpty();
        assertThat(tgz).exists();
        assertThat(r.kept()).extracting(StageResult.Kept::reason).contains(
                "archive not staged: member 'lines_2.csv' belongs to table 'lines', which is not selected");
    }

    @Test
    void anArchiveWaitsForItsAckFile() {
        write(root, "metadata/load/shop/orders.sl.yml", """
                table:
                  name: orders
                  pattern: "orders_.*\\\\.json"
                  metadata:
                    ack: ack
                  attributes:
                    - name: id
                """);
        AreaFixtures.zip(landing.resolve("batch.zip"), entries("orders_1.json", "[1]"));
        StageResult r = stage();
        assertThat(names(stage)).isEmpty();
        assertThat(r.kept()).extracting(StageResult.Kept::reason).containsExactly("waiting for its ack file batch.ack");
        write(landing.resolve("batch.ack"), new byte[0]);
        stage();
        assertThat(names(stage)).containsExactly("orders_1.json");
        assertThat(names(landing)).isEmpty();
    }

    @Test
    void zipSlipAndAbsoluteMembersAreRefusedNamingArchiveAndMember() {
        AreaFixtures.zip(landing.resolve("evil.zip"), entries("orders_1.json", "[1]", "../../orders_2.json", "[2]"));
        StageResult r = stage();
        assertThat(r.ok()).isFalse();
        assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.message()).isEqualTo(
                "archive landing/shop/evil.zip refused: member '../../orders_2.json' leaves the archive folder "
                        + "with '..'; left in place"));
        assertThat(names(stage)).isEmpty();   // not even the good member: all or nothing
        assertThat(landing.resolve("evil.zip")).exists();
        assertThat(root.getParent().resolve("orders_2.json")).doesNotExist();
        assertThat(root.resolve("orders_2.json")).doesNotExist();

        AreaFixtures.tgz(landing.resolve("abs.tgz"), entries("/tmp/orders_3.json", "[3]"));
        AreaFixtures.zip(landing.resolve("win.zip"), entries("C:\\temp\\orders_4.json", "[4]"));
        r = stage();
        assertThat(r.failures()).extracting(StageResult.Failure::message).containsExactly(
                "archive landing/shop/abs.tgz refused: member '/tmp/orders_3.json' has an absolute path; left in place",
                "archive landing/shop/evil.zip refused: member '../../orders_2.json' leaves the archive folder "
                        + "with '..'; left in place",
                "archive landing/shop/win.zip refused: member 'C:\\temp\\orders_4.json' has an absolute path; "
                        + "left in place");
        assertThat(names(stage)).isEmpty();
        assertThat(Path.of("/tmp/orders_3.json")).doesNotExist();
    }

    @Test
    void aTarWithASymbolicLinkIsRefused() {
        AreaFixtures.tgz(landing.resolve("link.tgz"), entries("orders_1.json", "[1]"),
                entries("orders_2.json", "/etc/passwd"));
        StageResult r = stage();
        assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.message()).isEqualTo(
                "archive landing/shop/link.tgz refused: member 'orders_2.json' is a link (to '/etc/passwd'); "
                        + "links are not unpacked; left in place"));
        assertThat(names(stage)).isEmpty();
    }

    @Test
    void aNameAlreadyInStageIsNeverOverwritten() throws IOException {
        write(stage.resolve("orders_1.json"), "old".getBytes());
        write(landing.resolve("orders_1.json"), "new".getBytes());
        AreaFixtures.zip(landing.resolve("b.zip"), entries("orders_2.json", "[2]", "orders_1.json", "zipped"));
        StageResult r = stage();
        assertThat(read(stage.resolve("orders_1.json"))).isEqualTo("old");
        assertThat(names(stage)).containsExactly("orders_1.json");   // nothing from the archive either
        assertThat(names(landing)).containsExactly("b.zip", "orders_1.json");
        assertThat(r.kept()).extracting(StageResult.Kept::reason).containsExactly(
                "archive not staged: member 'orders_1.json': datasets/stage/shop/orders_1.json is already staged",
                "datasets/stage/shop/orders_1.json is already staged (this one moves once a load has taken it)");
        // once the staged one is gone (loaded), the next run stages again, still never overwriting:
        // b.zip comes first by name and takes orders_1.json; the plain file then waits again
        Files.delete(stage.resolve("orders_1.json"));
        stage();
        assertThat(names(stage)).containsExactly("orders_1.json", "orders_2.json");
        assertThat(read(stage.resolve("orders_1.json"))).isEqualTo("zipped");
        assertThat(names(landing)).containsExactly("orders_1.json");
        assertThat(read(landing.resolve("orders_1.json"))).isEqualTo("new");
    }

    @Test
    void aSymbolicLinkLeadingOutsideTheRootIsRefusedAndLeftInPlace(@TempDir Path outside) throws IOException {
        Path secret = write(outside.resolve("secret.json"), "[\"secret\"]".getBytes());
        Files.createDirectories(landing);
        Path link = Files.createSymbolicLink(landing.resolve("orders_9.json"), secret);
        StageResult r = stage();
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.file()).isEqualTo("landing/shop/orders_9.json");
            assertThat(f.message()).startsWith("landing file landing/shop/orders_9.json refused: "
                    + "landing/shop/orders_9.json leads outside the project root");
        });
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(names(stage)).isEmpty();
        assertThat(read(secret)).isEqualTo("[\"secret\"]");
    }

    @Test
    void namesWithSpacesAndUnicodeWork() {
        write(landing.resolve("orders_été 2024 ü.json"), "[1]".getBytes());
        AreaFixtures.zip(landing.resolve("données.zip"), entries("lines_ñ 1.csv", "id\n"));
        StageResult r = stage();
        assertThat(names(stage)).containsExactly("lines_ñ 1.csv", "orders_été 2024 ü.json");
        assertThat(r.ok()).isTrue();
    }

    @Test
    void aDryRunMovesUnpacksAndDeletesNothing() {
        write(landing.resolve("customers_1.csv"), "id\n".getBytes());
        write(landing.resolve("customers_1.ack"), new byte[0]);
        AreaFixtures.tgz(landing.resolve("a.tgz"), entries("orders_1.json", "[1]", "orders_2.json", "[2]"));
        List<String> before = names(landing);
        StageResult r = Stager.of(AreaFixtures.load(root)).dryRun(List.of("shop"), List.of());
        assertThat(names(landing)).isEqualTo(before);
        assertThat(names(stage)).isEmpty();
        assertThat(r.countsByTable("shop")).containsEntry("orders", 2).containsEntry("customers", 1);
    }

    @Test
    void withoutDirectoryTheLandingFolderIsTheIncomingArea() {
        write(root, "metadata/load/shop/_config.sl.yml", "load:\n  name: shop\n");
        write(root.resolve("datasets/incoming/shop/orders_1.json"), "[1]".getBytes());
        stage();
        assertThat(names(stage)).containsExactly("orders_1.json");
    }

    @Test
    void leftoversOfAnInterruptedUnpackAreRemovedAndNeverListed() {
        write(stage.resolve(".lakestation-unpack-1234/orders_1.json"), "[1]".getBytes());
        write(stage.resolve(".lakestation-5678.part"), "x".getBytes());
        write(landing.resolve("orders_2.json"), "[2]".getBytes());
        stage();
        assertThat(names(stage)).containsExactly("orders_2.json");
    }

    @Test
    void aCorruptArchiveIsReportedAndLeftInPlace() {
        write(landing.resolve("broken.tgz"), "not gzip at all".getBytes());
        StageResult r = stage();
        assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.message())
                .startsWith("cannot unpack archive landing/shop/broken.tgz: ").endsWith("; left in place"));
        assertThat(landing.resolve("broken.tgz")).exists();
        assertThat(names(stage)).isEmpty();
    }

    @Test
    void unknownDomainsAndTablesListTheKnownOnes() {
        Project p = AreaFixtures.load(root);
        assertThatThrownBy(() -> Stager.of(p).stage(List.of("sales"), List.of()))
                .isInstanceOf(UnknownNameException.class)
                .hasMessage("unknown domain 'sales'; known domains: shop");
        assertThatThrownBy(() -> Stager.of(p).stage(List.of("shop"), List.of("order")))
                .isInstanceOf(UnknownNameException.class)
                .hasMessage("unknown table 'order' in domain 'shop'; known tables: customers, lines, orders");
    }

    @Test
    void aDatasetsFolderOutsideTheRootIsRefused(@TempDir Path elsewhere) {
        write(root, "metadata/application.sl.yml", "application:\n  datasets: \"" + elsewhere + "\"\n");
        Project p = AreaFixtures.load(root);
        assertThatThrownBy(() -> Stager.of(p))
                .isInstanceOf(AreaException.class)
                .hasMessageStartingWith("datasets folder refused: " + elsewhere + " is outside the project root");
    }
}
