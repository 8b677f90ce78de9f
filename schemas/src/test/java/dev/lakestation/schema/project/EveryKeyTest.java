package dev.lakestation.schema.project;

import dev.lakestation.schema.model.Attribute;
import dev.lakestation.schema.model.Domain;
import dev.lakestation.schema.model.Format;
import dev.lakestation.schema.model.Freshness;
import dev.lakestation.schema.model.MergeOn;
import dev.lakestation.schema.model.Metadata;
import dev.lakestation.schema.model.Position;
import dev.lakestation.schema.model.Sink;
import dev.lakestation.schema.model.Table;
import dev.lakestation.schema.model.Trim;
import dev.lakestation.schema.model.WriteStrategy;
import dev.lakestation.schema.model.WriteStrategyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.lakestation.schema.project.SampleProjects.write;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every key Starlake's {@code DomainInfo}, {@code SchemaInfo}, {@code TableAttribute} and {@code Metadata} have,
 * written in YAML, reaches the model with its value, without warnings.
 */
class EveryKeyTest {
    @TempDir
    Path root;

    @Test
    void everyDomainTableAttributeAndMetadataKeyIsRead() {
        write(root, "metadata/load/sales/_config.sl.yml", """
                version: 1
                load:
                  name: sales
                  comment: "sales domain"
                  tags: [finance, eu]
                  rename: sales_out
                  database: lake
                  metadata:
                    format: DSV
                    encoding: ISO-8859-1
                    multiline: true
                    array: false
                    withHeader: false
                    separator: "|"
                    quote: "'"
                    escape: "#"
                    nullValue: "N/A"
                    emptyIsNull: false
                    fillWithDefaultValue: true
                    ack: ack
                    directory: "{{SL_ROOT}}/incoming/sales"
                    loader: native
                    dagRef: daily_dag
                    schedule: "0 0 6 * * ?"
                    freshness: {warn: 1h, error: 2h}
                    options: {skipRows: "3", rowTag: row}
                    sink:
                      connectionRef: lake
                      format: parquet
                      extension: parq
                      partition: [year]
                      clustering: [id]
                      coalesce: true
                      options: {compression: snappy}
                      days: 7
                    writeStrategy:
                      type: SCD2
                      key: [order_id]
                      timestamp: updated
                      queryFilter: "id > 0"
                      on: SOURCE_AND_TARGET
                      startTs: start_ts
                      endTs: end_ts
                      types: {OVERWRITE: "is_full"}
                """);
        write(root, "metadata/load/sales/orders.sl.yml", """
                version: 1
                table:
                  name: orders
                  pattern: "orders_.*\\\\.csv"
                  comment: "the orders"
                  tags: [pii]
                  rename: orders_out
                  primaryKey: [order_id]
                  filter: "amount > 0"
                  presql: ["DELETE FROM x"]
                  postsql: ["ANALYZE x"]
                  patternSample: orders_1.csv
                  expectations: ["is_unique(id)"]
                  rls: []
                  acl: []
                  sample: "1|2"
                  streams: []
                  metadata:
                    separator: ";"
                  attributes:
                    - name: id
                      type: long
                      required: true
                      array: false
                      privacy: NONE
                      comment: "order id"
                      rename: order_id
                      metricType: DISCRETE
                      tags: [key]
                      trim: BOTH
                      foreignKey: customers.id
                      accessPolicy: restricted
                      sample: "42"
                      position: {first: 0, last: 4}
                    - name: updated
                      type: timestamp
                    - name: amount
                      type: decimal
                      default: "0"
                      privacy: sha256
                      ignore: false
                    - name: note
                      ignore: true
                    - name: lines
                      array: true
                      attributes:
                        - name: sku
                          type: string
                          required: true
                    - name: year
                      type: long
                      script: "sql:year(current_date())"
                """);
        LoadResult r = ProjectLoader.load(root, null);
        assertThat(r.problems()).isEmpty();
        Project p = r.orThrow();
        Path abs = root.toAbsolutePath().normalize();

        Domain d = p.domain("sales").orElseThrow();
        assertThat(d.comment()).isEqualTo("sales domain");
        assertThat(d.tags()).containsExactlyInAnyOrder("finance", "eu");
        assertThat(d.rename()).isEqualTo("sales_out");
        assertThat(d.database()).isEqualTo("lake");

        Metadata m = d.metadata();
        assertThat(m.format()).isEqualTo(Format.DSV);
        assertThat(m.encoding()).isEqualTo("ISO-8859-1");
        assertThat(m.multiline()).isTrue();
        assertThat(m.array()).isFalse();
        assertThat(m.withHeader()).isFalse();
        assertThat(m.separator()).isEqualTo("|");
        assertThat(m.quote()).isEqualTo("'");
        assertThat(m.escape()).isEqualTo("#");
        assertThat(m.nullValue()).isEqualTo("N/A");
        assertThat(m.resolveNullValue()).isEqualTo("N/A");
        assertThat(m.emptyIsNull()).isFalse();
        assertThat(m.fillWithDefaultValue()).isTrue();
        assertThat(m.ack()).isEqualTo("ack");
        assertThat(m.directory()).isEqualTo(abs + "/incoming/sales");
        assertThat(m.loader()).isEqualTo("native");
        assertThat(m.dagRef()).isEqualTo("daily_dag");
        assertThat(m.schedule()).isEqualTo("0 0 6 * * ?");
        assertThat(m.freshness()).isEqualTo(new Freshness("1h", "2h"));
        assertThat(m.skipRows()).isEqualTo(3);
        assertThat(m.rowTag()).contains("row");
        Sink s = m.sink();
        assertThat(s.connectionRef()).isEqualTo("lake");
        assertThat(s.format()).isEqualTo("parquet");
        assertThat(s.extension()).isEqualTo("parq");
        assertThat(s.partition()).containsExactly("year");
        assertThat(s.clustering()).containsExactly("id");
        assertThat(s.coalesce()).isTrue();
        assertThat(s.options()).isEqualTo(Map.of("compression", "snappy"));
        assertThat(s.extra()).containsEntry("days", "7"); // BigQuery-only sink keys kept raw
        WriteStrategy w = m.writeStrategy();
        assertThat(w.type()).isEqualTo(WriteStrategyType.SCD2);
        assertThat(w.key()).containsExactly("order_id"); // output names, checked against the renamed columns
        assertThat(w.timestamp()).isEqualTo("updated");
        assertThat(w.queryFilter()).isEqualTo("id > 0");
        assertThat(w.on()).isEqualTo(MergeOn.SOURCE_AND_TARGET);
        assertThat(w.startTs()).isEqualTo("start_ts");
        assertThat(w.endTs()).isEqualTo("end_ts");
        assertThat(w.types()).isEqualTo(Map.of("OVERWRITE", "is_full"));

        Table t = d.table("orders").orElseThrow();
        assertThat(t.pattern().pattern()).isEqualTo("orders_.*\\.csv");
        assertThat(t.comment()).isEqualTo("the orders");
        assertThat(t.tags()).containsExactly("pii");
        assertThat(t.rename()).isEqualTo("orders_out");
        assertThat(t.primaryKey()).containsExactly("order_id");
        assertThat(t.filter()).isEqualTo("amount > 0");
        assertThat(t.presql()).containsExactly("DELETE FROM x");
        assertThat(t.postsql()).containsExactly("ANALYZE x");
        assertThat(t.patternSample()).isEqualTo("orders_1.csv");
        assertThat(t.expectations()).containsExactly("is_unique(id)");
        // table metadata merged over the domain's: own separator, everything else inherited
        assertThat(t.metadata().separator()).isEqualTo(";");
        assertThat(t.metadata().encoding()).isEqualTo("ISO-8859-1");
        assertThat(t.metadata().writeStrategy()).isEqualTo(w);

        Attribute id = t.attribute("id").orElseThrow();
        assertThat(id.type()).isEqualTo("long");
        assertThat(id.isRequired()).isTrue();
        assertThat(id.isArray()).isFalse();
        assertThat(id.resolvePrivacy()).isEqualTo("NONE");
        assertThat(id.comment()).isEqualTo("order id");
        assertThat(id.rename()).isEqualTo("order_id");
        assertThat(id.finalName()).isEqualTo("order_id");
        assertThat(id.metricType()).isEqualTo("DISCRETE");
        assertThat(id.tags()).containsExactly("key");
        assertThat(id.resolveTrim()).isEqualTo(Trim.BOTH);
        assertThat(id.foreignKey()).isEqualTo("customers.id");
        assertThat(id.accessPolicy()).isEqualTo("restricted");
        assertThat(id.sample()).isEqualTo("42");
        assertThat(id.position()).isEqualTo(new Position(0, 4));
        assertThat(id.isNullable()).isFalse();
        Attribute amount = t.attribute("amount").orElseThrow();
        assertThat(amount.defaultValue()).isEqualTo("0");
        assertThat(amount.privacy()).isEqualTo("sha256");
        assertThat(amount.isIgnored()).isFalse();
        assertThat(t.attribute("note").orElseThrow().isIgnored()).isTrue();
        assertThat(t.attribute("note").orElseThrow().type()).isEqualTo("string");
        Attribute lines = t.attribute("lines").orElseThrow();
        assertThat(lines.isArray()).isTrue();
        assertThat(lines.isStruct()).isTrue();
        assertThat(lines.type()).isEqualTo("struct");
        assertThat(lines.attributes()).extracting(Attribute::name).containsExactly("sku");
        assertThat(lines.attributes().get(0).isRequired()).isTrue();
        Attribute year = t.attribute("year").orElseThrow();
        assertThat(year.isScripted()).isTrue();
        assertThat(year.resolveScript()).isEqualTo("year(current_date())");
        assertThat(year.isNullable()).isTrue();

        // and it compiles to the validator with the renames, ignore and script carried over
        TableValidator tv = TableValidator.of(p, "sales", "orders");
        assertThat(tv.schema().getFields()).extracting(f -> f.name())
                .containsExactly("order_id", "updated", "amount", "lines", "year");
        assertThat(tv.validator().spec().emptyIsNull()).isFalse();
        assertThat(List.of(tv.format())).containsExactly(Format.DSV);
    }
}
