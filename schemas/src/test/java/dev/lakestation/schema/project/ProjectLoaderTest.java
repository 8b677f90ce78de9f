package dev.lakestation.schema.project;

import dev.lakestation.schema.Problem;
import dev.lakestation.schema.model.Attribute;
import dev.lakestation.schema.model.Domain;
import dev.lakestation.schema.model.Format;
import dev.lakestation.schema.model.Metadata;
import dev.lakestation.schema.model.Sink;
import dev.lakestation.schema.model.Table;
import dev.lakestation.schema.model.Task;
import dev.lakestation.schema.model.Trim;
import dev.lakestation.schema.model.WriteStrategy;
import dev.lakestation.schema.model.WriteStrategyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.lakestation.schema.project.SampleProjects.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Defaults, merge rules, variables, transform tasks, warnings and path safety of the loader. */
class ProjectLoaderTest {
    @TempDir
    Path root;

    private static final String TABLE = """
            table:
              name: orders
              pattern: "orders.*"
              attributes:
                - name: id
                  type: long
            """;

    private LoadResult load(String env) {
        return ProjectLoader.load(root, env);
    }

    @Test
    void defaultsAreStarlakes() {
        Metadata m = Metadata.EMPTY;
        assertThat(m.resolveFormat()).isEqualTo(Format.DSV);
        assertThat(m.resolveEncoding()).isEqualTo("UTF-8");
        assertThat(m.resolveMultiline()).isFalse();
        assertThat(m.resolveArray()).isFalse();
        assertThat(m.resolveWithHeader()).isTrue();
        assertThat(m.resolveSeparator()).isEqualTo(";");
        assertThat(m.resolveQuote()).isEqualTo("\"");
        assertThat(m.resolveEscape()).isEqualTo("\\");
        assertThat(m.resolveEmptyIsNull()).isTrue();
        assertThat(m.resolveNullValue()).isEmpty();
        assertThat(m.resolveFillWithDefaultValue()).isTrue();
        assertThat(m.resolveWriteStrategy().effectiveType()).isEqualTo(WriteStrategyType.APPEND);
        assertThat(m.resolveSink().partition()).isEmpty();
        assertThat(m.skipRows()).isZero();
        assertThat(m.rowTag()).isEmpty();

        Attribute a = Attribute.named("x");
        assertThat(a.type()).isEqualTo("string");
        assertThat(a.isRequired()).isFalse();
        assertThat(a.isArray()).isFalse();
        assertThat(a.isIgnored()).isFalse();
        assertThat(a.resolvePrivacy()).isEqualTo("NONE");
        assertThat(a.resolveTrim()).isEqualTo(Trim.NONE);
        assertThat(a.finalName()).isEqualTo("x");
        assertThat(a.isNullable()).isTrue();

        write(root, "metadata/load/sales/_config.sl.yml", "load:\n  name: sales\n");
        write(root, "metadata/load/sales/orders.sl.yml", TABLE);
        Project p = load(null).orThrow();
        Settings s = p.settings();
        Path abs = root.toAbsolutePath().normalize();
        assertThat(s.datasets()).isEqualTo(abs.resolve("datasets").toString());
        assertThat(List.of(s.incoming(), s.stage(), s.unresolved(), s.archiveArea(), s.ingesting(), s.replay()))
                .containsExactly("incoming", "stage", "unresolved", "archive", "ingesting", "replay");
        assertThat(s.archive()).isTrue();
        assertThat(s.auditDomain()).isEqualTo("audit");
        assertThat(s.auditPath()).isEqualTo(abs.resolve("datasets/audit").toString());
        assertThat(s.auditMaxErrors()).isEqualTo(100);
        assertThat(s.timezone()).isEqualTo("UTC");
        assertThat(s.rejectWithValue()).isFalse();
        assertThat(s.emptyIsNull()).isTrue();
        assertThat(s.rejectAllOnError()).isFalse();
        assertThat(s.defaultWriteFormat()).isEqualTo("parquet");
        assertThat(p.areaPath("stage", "sales")).isEqualTo(abs.resolve("datasets/stage/sales"));
        Table t = p.table("sales", "orders").orElseThrow();
        assertThat(t.metadata().resolveFormat()).isEqualTo(Format.DSV);
        assertThat(t.attribute("id").orElseThrow().isRequired()).isFalse();
        assertThat(p.types().primitiveOf("int")).contains("long");
        assertThat(p.types().primitiveOf("struct")).contains("struct");
    }

    @Test
    void fillWithDefaultValueFalseLeavesUnsetFieldsNull() {
        Metadata m = new Metadata(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, false, null, null);
        assertThat(m.resolveFormat()).isNull();
        assertThat(m.resolveSeparator()).isNull();
        assertThat(m.resolveWithHeader()).isNull();
        Metadata noEmpty = new Metadata(null, null, null, null, null, null, null, null, null, null, null, null, null,
                false, null, null, null, null, null, null);
        assertThat(noEmpty.resolveNullValue()).isNull();
    }

    @Test
    void applicationSettingsOverrideDefaults() {
        write(root, "metadata/application.sl.yml", """
                application:
                  datasets: "{{SL_ROOT}}/data"
                  archive: false
                  timezone: Europe/Paris
                  rejectWithValue: true
                  area:
                    incoming: landing
                  audit:
                    maxErrors: 7
                  connections:
                    duckdb: {type: jdbc}
                """);
        Project p = load(null).orThrow();
        Path abs = root.toAbsolutePath().normalize();
        assertThat(p.settings().datasets()).isEqualTo(abs.resolve("data").toString());
        assertThat(p.settings().archive()).isFalse();
        assertThat(p.settings().timezone()).isEqualTo("Europe/Paris");
        assertThat(p.settings().rejectWithValue()).isTrue();
        assertThat(p.settings().incoming()).isEqualTo("landing");
        assertThat(p.settings().stage()).isEqualTo("stage");
        assertThat(p.settings().auditMaxErrors()).isEqualTo(7);
        assertThat(p.settings().auditPath()).isEqualTo(abs.resolve("data/audit").toString());
        assertThat(p.warnings()).isEmpty();
    }

    /** application.sl.yml emptyIsNull/rejectWithValue reach the record validator; table metadata wins over them. */
    @Test
    void applicationSettingsReachTheValidator() {
        write(root, "metadata/application.sl.yml", """
                application:
                  emptyIsNull: false
                  rejectWithValue: true
                """);
        write(root, "metadata/load/sales/_config.sl.yml", "load:\n  name: sales\n");
        write(root, "metadata/load/sales/orders.sl.yml", TABLE + """
                    - name: note
                      required: true
                """);
        write(root, "metadata/load/sales/lines.sl.yml", TABLE.replace("orders", "lines") + """
                  metadata:
                    emptyIsNull: true
                """);
        Project p = load(null).orThrow();
        assertThat(p.settings().emptyIsNull()).isFalse();
        dev.lakestation.schema.validation.RecordContext ctx = dev.lakestation.schema.validation.RecordContext.of("f");
        TableValidator orders = TableValidator.of(p, "sales", "orders");
        assertThat(orders.validator().spec().emptyIsNull()).isFalse();
        assertThat(orders.validator().spec().rejectWithValue()).isTrue();
        // emptyIsNull false: "" stays an empty string, so the required note is present
        var ok = orders.bindPositional().validate(new String[] {"1", ""}, ctx);
        assertThat(((dev.lakestation.schema.validation.ValidationResult.Accepted) ok).record().get("note"))
                .isEqualTo("");
        var bad = orders.bindPositional().validate(new String[] {"x1", null}, ctx);
        assertThat(((dev.lakestation.schema.validation.ValidationResult.Rejected) bad).rejection().errors())
                .containsExactly("`id` (long) doesn't match pattern `-?\\d+`: x1", "`note`  can't be null: note");
        assertThat(TableValidator.of(p, "sales", "lines").validator().spec().emptyIsNull()).isTrue();
    }

    @Test
    void tableMetadataMergesOverDomainLikeStarlake() {
        write(root, "metadata/load/sales/_config.sl.yml", """
                load:
                  name: sales
                  metadata:
                    format: DSV
                    separator: ","
                    encoding: ISO-8859-1
                    fillWithDefaultValue: false
                    options: {skipRows: "1", quoteAll: "true"}
                    sink: {partition: [day]}
                    writeStrategy: {type: UPSERT_BY_KEY, key: [id]}
                    ack: ack
                """);
        write(root, "metadata/load/sales/orders.sl.yml", TABLE + """
                    - name: day
                      type: date
                  metadata:
                    separator: "|"
                    options: {skipRows: "2"}
                    writeStrategy: {type: OVERWRITE}
                """);
        Project p = load(null).orThrow();
        Domain d = p.domain("sales").orElseThrow();
        Table t = d.table("orders").orElseThrow();
        Metadata m = t.metadata();
        assertThat(m.resolveSeparator()).isEqualTo("|");
        assertThat(m.resolveFormat()).isEqualTo(Format.DSV);
        assertThat(m.resolveEncoding()).isEqualTo("ISO-8859-1");
        assertThat(m.ack()).isEqualTo("ack");
        assertThat(m.options()).isEqualTo(Map.of("skipRows", "2")); // whole map replaced, not combined
        assertThat(m.skipRows()).isEqualTo(2);
        assertThat(m.resolveSink().partition()).containsExactly("day");
        assertThat(m.resolveWriteStrategy().effectiveType()).isEqualTo(WriteStrategyType.OVERWRITE);
        assertThat(m.resolveWriteStrategy().key()).isEmpty(); // whole strategy replaced
        assertThat(m.fillWithDefaultValue()).isNull(); // not merged, as Starlake
        assertThat(m.resolveWithHeader()).isTrue();
        assertThat(t.ownMetadata().format()).isNull();
        assertThat(d.metadata().resolveFillWithDefaultValue()).isFalse();
        assertThat(d.metadata().resolveWithHeader()).isNull();
    }

    @Test
    void mergeKeepsParentWhenChildUnset() {
        Metadata parent = Metadata.EMPTY.withFormat(Format.JSON).withSeparator(",");
        Metadata child = Metadata.EMPTY.withSeparator("\t");
        Metadata merged = parent.merge(child);
        assertThat(merged.format()).isEqualTo(Format.JSON);
        assertThat(merged.separator()).isEqualTo("\t");
        assertThat(parent.merge(null)).isSameAs(parent);
        Sink s = new Sink(null, "parquet", null, List.of("a"), null, null, Map.of("k", "1"), null)
                .merge(new Sink("c", null, null, null, List.of("b"), true, Map.of("j", "2"), null));
        assertThat(s.connectionRef()).isEqualTo("c");
        assertThat(s.format()).isEqualTo("parquet");
        assertThat(s.partition()).containsExactly("a");
        assertThat(s.clustering()).containsExactly("b");
        assertThat(s.options()).isEqualTo(Map.of("k", "1", "j", "2"));
    }

    @Test
    void formatAliases() {
        assertThat(Format.parse("fixed")).contains(Format.POSITION);
        assertThat(Format.parse("JSON_ARRAY")).contains(Format.JSON);
        assertThat(Format.parse("json_flat")).contains(Format.JSON_FLAT);
        assertThat(Format.parse("text_xml")).contains(Format.TEXT_XML);
        assertThat(Format.parse("csv")).isEmpty();
    }

    @Test
    void envVariablesWithProfileOsEnvAndOverrides() {
        Map.Entry<String, String> os = System.getenv().entrySet().stream()
                .filter(e -> e.getKey().matches("[A-Za-z0-9_]+") && !e.getValue().contains("$")
                        && !e.getValue().contains("{{"))
                .findFirst().orElseThrow();
        write(root, "metadata/env.sl.yml", """
                env:
                  incoming_path: "{{SL_ROOT}}/datasets/incoming"
                  who: global
                  only_global: g
                """);
        write(root, "metadata/env.DEV.sl.yml", """
                env:
                  who: dev
                  combined: "${only_global}-dev"
                """);
        write(root, "metadata/load/sales/_config.sl.yml", """
                load:
                  name: sales
                  metadata:
                    directory: "{{incoming_path}}/sales"
                """);
        write(root, "metadata/load/sales/orders.sl.yml", TABLE + "  comment: \"{{who}} {{ only_global }} ${combined} ${ "
                + os.getKey() + " } ${override_me}\"\n");
        Path abs = root.toAbsolutePath().normalize();

        Project dev = ProjectLoader.load(root, "DEV", Map.of("override_me", "ov", "who", "cli")).orThrow();
        assertThat(dev.envName()).isEqualTo("DEV");
        assertThat(dev.domain("sales").orElseThrow().metadata().directory())
                .isEqualTo(abs + "/datasets/incoming/sales");
        assertThat(dev.table("sales", "orders").orElseThrow().comment())
                .isEqualTo("cli g g-dev " + os.getValue() + " ov");
        assertThat(dev.env().get("SL_ROOT")).contains(abs.toString());

        Project dev2 = ProjectLoader.load(root, "DEV").orThrow();
        assertThat(dev2.table("sales", "orders").orElseThrow().comment()).startsWith("dev g g-dev ");

        LoadResult none = ProjectLoader.load(root, null);
        Project p = none.orThrow();
        assertThat(p.table("sales", "orders").orElseThrow().comment())
                .isEqualTo("global g ${combined} " + os.getValue() + " ${override_me}");
        assertThat(none.warnings()).extracting(Problem::toString).containsExactly(
                "warning: metadata/load/sales/orders.sl.yml:7: undefined variable 'combined' (left as written)",
                "warning: metadata/load/sales/orders.sl.yml:7: undefined variable 'override_me' (left as written)");

        LoadResult missing = ProjectLoader.load(root, "PROD");
        assertThat(missing.warnings()).extracting(Problem::toString).contains(
                "warning: metadata/env.PROD.sl.yml:1: environment 'PROD' selected but this file does not exist: "
                        + "only env.sl.yml applies");
    }

    @Test
    void envVarsSubstitution() {
        EnvVars env = EnvVars.of(Map.of("a", "1", "b", "$x\\y"));
        assertThat(env.substitute("${a}-{{a}}-${ a }-{{ b }}-${c}-{{c}}")).isEqualTo("1-1-1-$x\\y-${c}-{{c}}");
        assertThat(env.undefinedIn("${a} {{c}} ${d}")).containsExactly("c", "d");
        assertThat(env.with(Map.of("a", "2")).substitute("{{a}}")).isEqualTo("2");
    }

    @Test
    void unknownKeysAreWarningsOnly() {
        write(root, "metadata/load/sales/_config.sl.yml", """
                version: 1
                load:
                  name: sales
                  owner: me
                  metadata:
                    formatt: DSV
                """);
        write(root, "metadata/load/sales/orders.sl.yml", TABLE + """
                      colour: blue
                  sample: "x"
                  rls: []
                """);
        LoadResult r = load(null);
        assertThat(r.hasErrors()).isFalse();
        assertThat(r.warnings()).extracting(Problem::toString).containsExactly(
                "warning: metadata/load/sales/_config.sl.yml:4: unknown key 'owner' in domain 'sales' (ignored)",
                "warning: metadata/load/sales/_config.sl.yml:6: unknown key 'formatt' in metadata (ignored)",
                "warning: metadata/load/sales/orders.sl.yml:7: unknown key 'colour' in attribute 'id' (ignored)");
        assertThat(r.orThrow().warnings()).hasSize(3);
    }

    @Test
    void pathEscapesAreRefused() throws Exception {
        ProjectPaths paths = ProjectPaths.of(root);
        assertThatThrownBy(() -> paths.resolve("../outside")).isInstanceOf(ProjectPaths.PathEscapeException.class)
                .hasMessageContaining("outside the project root");
        assertThatThrownBy(() -> paths.resolve("/etc/passwd")).isInstanceOf(ProjectPaths.PathEscapeException.class);
        assertThat(paths.resolve("metadata/../metadata/x")).isEqualTo(root.toAbsolutePath().normalize()
                .resolve("metadata/x"));

        Path outside = Files.createTempDirectory("lakestation-outside");
        try {
            write(outside, "_config.sl.yml", "load:\n  name: evil\n");
            write(outside, "stolen.sl.yml", TABLE);
            Files.createDirectories(root.resolve("metadata/load"));
            Files.createSymbolicLink(root.resolve("metadata/load/evil"), outside);
            write(root, "metadata/load/sales/_config.sl.yml", """
                    load:
                      name: sales
                      metadata:
                        directory: "../../elsewhere"
                    """);
            Files.createSymbolicLink(root.resolve("metadata/load/sales/orders.sl.yml"), outside.resolve("stolen.sl.yml"));
            assertThatThrownBy(() -> paths.resolve("metadata/load/evil/_config.sl.yml"))
                    .isInstanceOf(ProjectPaths.PathEscapeException.class).hasMessageContaining("symbolic link");

            LoadResult r = load(null);
            assertThat(r.errors()).extracting(Problem::toString).anySatisfy(s -> assertThat(s)
                    .startsWith("metadata/load/evil:1: metadata/load/evil leads outside the project root")
                    .contains("leads outside the project root"));
            assertThat(r.errors()).extracting(Problem::toString).anySatisfy(s -> assertThat(s)
                    .startsWith("metadata/load/sales/orders.sl.yml:1: ").contains("leads outside the project root"));
            assertThat(r.errors()).extracting(Problem::toString).anySatisfy(s -> assertThat(s)
                    .isEqualTo("metadata/load/sales/_config.sl.yml:4: directory '../../elsewhere' is outside the project root"));
            assertThat(r.errors()).hasSize(3);
            assertThat(r.problems()).noneMatch(pr -> pr.message().contains("evil") && pr.message().contains("domain"));
        } finally {
            try (var s = Files.walk(outside)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void findTableIsAFullMatchOnTheFileNameAndFirstTableWins() {
        Table all = new Table("all", Pattern.compile(".*\\.csv"), List.of(Attribute.named("a")), null, null, null,
                null, null, null, null, null, null, null, null, Path.of("a.sl.yml"));
        Table orders = new Table("orders", Pattern.compile("orders.*\\.csv"), List.of(Attribute.named("a")), null,
                null, null, null, null, null, null, null, null, null, null, Path.of("b.sl.yml"));
        Domain d = new Domain("d1", null, null, null, null, null, List.of(all, orders), Path.of("c"));
        assertThat(d.findTable("orders_1.csv")).containsSame(all);
        assertThat(d.findTable("/landing/x/orders_1.csv")).containsSame(all);
        assertThat(d.findTable("orders_1.csv.gz")).isEmpty();
        Domain d2 = new Domain("d2", null, null, null, null, null, List.of(orders, all), Path.of("c"));
        assertThat(d2.findTable("orders_1.csv")).containsSame(orders);
        assertThat(d2.findTable("xorders_1.csv")).containsSame(all);
    }

    @Test
    void overlappingPatternsAcrossDomainsSharingADirectory() throws Exception {
        for (String dom : List.of("a1", "b1", "c1")) {
            String dir = dom.equals("c1") ? "landing/other" : "landing/shared";
            write(root, "metadata/load/" + dom + "/_config.sl.yml",
                    "load:\n  name: " + dom + "\n  metadata:\n    directory: \"{{SL_ROOT}}/" + dir + "\"\n");
        }
        write(root, "metadata/load/a1/t.sl.yml", TABLE.replace("orders.*", "clients-.*"));
        write(root, "metadata/load/b1/t.sl.yml", TABLE.replace("orders.*", "clients-.*"));
        write(root, "metadata/load/c1/t.sl.yml", TABLE.replace("orders.*", "clients-.*"));
        LoadResult r = load(null);
        assertThat(r.errors()).extracting(Problem::toString).containsExactly(
                "metadata/load/b1/t.sl.yml:3: pattern 'clients-.*' of table b1.orders overlaps pattern 'clients-.*' "
                        + "of table a1.orders in directory 'landing/shared': the patterns are identical");

        // different patterns, overlap only visible through a file present in the shared landing directory
        write(root, "metadata/load/b1/t.sl.yml", TABLE.replace("orders.*", "[a-z]+-\\\\d+\\\\.csv"));
        assertThat(load(null).hasErrors()).isFalse();
        write(root, "landing/shared/clients-2024.csv", "x");
        assertThat(load(null).errors()).extracting(Problem::toString).containsExactly(
                "metadata/load/b1/t.sl.yml:3: pattern '[a-z]+-\\d+\\.csv' of table b1.orders overlaps pattern "
                        + "'clients-.*' of table a1.orders in directory 'landing/shared': both match the file name "
                        + "'clients-2024.csv'");
    }

    @Test
    void patternSamples() {
        assertThat(PatternOverlaps.sample("orders_.*\\.json")).isEqualTo("orders_.json");
        assertThat(PatternOverlaps.sample("order-lines_.*.csv")).isEqualTo("order-lines_xcsv");
        assertThat(PatternOverlaps.sample("[a-z]+-\\d+\\.csv")).isEqualTo("a-0.csv");
        assertThat(PatternOverlaps.sample(".*TBL")).isEqualTo("TBL");
        assertThat(PatternOverlaps.sample("(a|b).csv")).isNull();
    }

    @Test
    void transformTasksMergeDefaultsAndOverrides() {
        write(root, "metadata/transform/kpi/_config.sl.yml", """
                transform:
                  default:
                    writeStrategy: {type: OVERWRITE}
                    presql: ["SET a=1"]
                    sink: {format: parquet, partition: [day]}
                    tags: [kpi]
                """);
        write(root, "metadata/transform/kpi/plain.sql", "SELECT * FROM sales.orders\n");
        write(root, "metadata/transform/kpi/templated.sql.j2", "SELECT * FROM {{src}}\n");
        write(root, "metadata/transform/kpi/upserted.sql", "SELECT id, ts FROM sales.orders\n");
        write(root, "metadata/transform/kpi/upserted.sl.yml", """
                task:
                  table: upserts
                  presql: ["SET b=2"]
                  writeStrategy: {type: SCD2, key: [id], timestamp: ts, on: TARGET}
                  sink: {partition: [month]}
                  tags: [scd]
                  schedule: "0 0 * * *"
                """);
        write(root, "metadata/transform/kpi/inline.sl.yml", """
                task:
                  sql: "SELECT 1"
                """);
        Project p = load(null).orThrow();
        assertThat(p.tasks()).extracting(Task::fullName)
                .containsExactly("kpi.inline", "kpi.plain", "kpi.templated", "kpi.upserted");
        Task plain = p.task("kpi.plain").orElseThrow();
        assertThat(plain.outputTable()).isEqualTo("kpi.plain");
        assertThat(plain.resolveWriteStrategy().effectiveType()).isEqualTo(WriteStrategyType.OVERWRITE);
        assertThat(plain.presql()).containsExactly("SET a=1");
        assertThat(plain.sink().partition()).containsExactly("day");
        assertThat(plain.isParseSql()).isTrue();
        Task templated = p.task("kpi.templated").orElseThrow();
        assertThat(templated.jinja()).isTrue();
        assertThat(p.env().with(Map.of("src", "sales.orders")).substitute(templated.sql()))
                .isEqualTo("SELECT * FROM sales.orders\n");
        Task up = p.task("kpi.upserted").orElseThrow();
        assertThat(up.outputTable()).isEqualTo("kpi.upserts");
        WriteStrategy ws = up.resolveWriteStrategy();
        assertThat(ws.effectiveType()).isEqualTo(WriteStrategyType.SCD2);
        assertThat(ws.key()).containsExactly("id");
        assertThat(ws.timestamp()).isEqualTo("ts");
        assertThat(up.presql()).containsExactly("SET a=1", "SET b=2");
        assertThat(up.sink().partition()).containsExactly("month");
        assertThat(up.sink().format()).isEqualTo("parquet");
        assertThat(up.tags()).containsExactlyInAnyOrder("kpi", "scd");
        assertThat(up.source()).isEqualTo(Path.of("metadata/transform/kpi/upserted.sl.yml"));
        assertThat(p.task("kpi.inline").orElseThrow().sql()).isEqualTo("SELECT 1");
    }

    @Test
    void scriptsTheValidatorCannotCompileAreReportedAtTheirAttribute() {
        write(root, "metadata/load/sales/_config.sl.yml", "load:\n  name: sales\n");
        write(root, "metadata/load/sales/orders.sl.yml", TABLE + """
                    - name: weird
                      type: string
                      script: "no_such_function(id)"
                """);
        List<Problem> errors = load(null).errors();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).location()).isEqualTo("metadata/load/sales/orders.sl.yml:7");
        assertThat(errors.get(0).message()).startsWith("table 'orders': attribute `weird` script:")
                .contains("no_such_function");
    }

    @Test
    void taskProblems() {
        write(root, "metadata/transform/kpi/a.sl.yml", """
                task:
                  attributes:
                    - name: n
                      type: lon
                  schedule: daily
                """);
        write(root, "metadata/transform/kpi/b.sql", "SELECT 1");
        write(root, "metadata/transform/kpi/b.sql.j2", "SELECT 2");
        assertThat(load(null).errors()).extracting(Problem::toString).containsExactly(
                "metadata/transform/kpi/a.sl.yml:2: task 'kpi.a' has no SQL (no a.sql or .sql.j2 file and no 'sql:' key)",
                "metadata/transform/kpi/a.sl.yml:4: unknown type 'lon' for attribute 'n' (task 'kpi.a')",
                "metadata/transform/kpi/a.sl.yml:5: schedule 'daily' is neither a cron expression nor a preset of "
                        + "application.sl.yml schedulePresets []",
                "metadata/transform/kpi/b.sql.j2:1: task 'b' has both b.sql and b.sql.j2");
    }

    @Test
    void writeStrategyColumnsMustExist() {
        write(root, "metadata/load/sales/_config.sl.yml", "load:\n  name: sales\n");
        write(root, "metadata/load/sales/orders.sl.yml", TABLE + """
                  primaryKey: [nope]
                  metadata:
                    writeStrategy:
                      type: UPSERT_BY_KEY_AND_TIMESTAMP
                      key: [ID, missing]
                      timestamp: id
                """);
        assertThat(load(null).errors()).extracting(Problem::toString).containsExactly(
                "metadata/load/sales/orders.sl.yml:7: primary key 'nope' is not an attribute of table 'orders'",
                "metadata/load/sales/orders.sl.yml:11: writeStrategy key 'missing' is not an attribute (table 'orders')",
                "metadata/load/sales/orders.sl.yml:12: writeStrategy timestamp 'id' is not a date or timestamp "
                        + "attribute (table 'orders')");
    }

    @Test
    void partitionColumnsMustBeAttributesWhereverTheSinkIsDeclared() {
        write(root, "metadata/load/sales/_config.sl.yml", """
                load:
                  name: sales
                  metadata:
                    sink:
                      partition: [day]
                """);
        write(root, "metadata/load/sales/orders.sl.yml", TABLE + """
                    - {name: note, type: string, ignore: true}
                    - {name: city, type: string}
                  metadata:
                    sink:
                      partition: [city, ID, region, note]
                """);
        write(root, "metadata/load/sales/items.sl.yml", TABLE.replace("orders", "items"));
        assertThat(load(null).errors()).extracting(Problem::toString).containsExactlyInAnyOrder(
                "metadata/load/sales/orders.sl.yml:11: sink.partition column 'ID' is not an attribute of table 'orders'"
                        + " (names are case-sensitive: 'id'?)",
                "metadata/load/sales/orders.sl.yml:11: sink.partition column 'region' is not an attribute of table 'orders'",
                "metadata/load/sales/orders.sl.yml:11: sink.partition column 'note' is an ignored attribute of table"
                        + " 'orders' (not written)",
                "metadata/load/sales/_config.sl.yml:5: sink.partition column 'day' is not an attribute of table 'items'");
    }
}
