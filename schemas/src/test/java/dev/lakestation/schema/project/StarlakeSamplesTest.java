package dev.lakestation.schema.project;

import dev.lakestation.schema.model.Attribute;
import dev.lakestation.schema.model.Domain;
import dev.lakestation.schema.model.Format;
import dev.lakestation.schema.model.Metadata;
import dev.lakestation.schema.model.Position;
import dev.lakestation.schema.model.Table;
import dev.lakestation.schema.model.Task;
import dev.lakestation.schema.model.Trim;
import dev.lakestation.schema.model.WriteStrategyType;
import dev.lakestation.schema.types.PrimitiveType;
import dev.lakestation.schema.validation.FieldSpec;
import dev.lakestation.schema.validation.RecordSpec;
import dev.lakestation.schema.validation.RecordContext;
import dev.lakestation.schema.validation.RecordValidator;
import dev.lakestation.schema.validation.ValidationResult;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every starlake-samples case loads into the model with the values its YAML states, and compiles to a RecordSpec. */
class StarlakeSamplesTest {
    @TempDir
    Path root;

    private Project load(Path r) {
        LoadResult result = ProjectLoader.load(r, null);
        assertThat(result.errors()).as("errors").isEmpty();
        assertThat(result.warnings()).as("warnings").isEmpty();
        return result.orThrow();
    }

    private static List<String> names(List<Attribute> attrs) {
        return attrs.stream().map(Attribute::name).toList();
    }

    @Test
    void positionAccount() {
        Project p = load(SampleProjects.position(root));
        Domain d = p.domain("position").orElseThrow();
        assertThat(d.findTable("XPOSTBL")).map(Table::name).contains("account");
        Table t = d.table("account").orElseThrow();
        Metadata md = t.metadata();
        assertThat(md.resolveFormat()).isEqualTo(Format.POSITION);
        assertThat(md.resolveWithHeader()).isFalse();
        assertThat(md.resolveSeparator()).isEqualTo("|");
        assertThat(md.resolveQuote()).isEqualTo("\"");
        assertThat(md.resolveEscape()).isEqualTo("\\");
        assertThat(md.resolveWriteStrategy().effectiveType()).isEqualTo(WriteStrategyType.OVERWRITE);
        assertThat(md.resolveSink().partition()).containsExactly("year", "month", "day");
        assertThat(md.dagRef()).isEqualTo("sample");
        assertThat(md.schedule()).isEqualTo("0 0 0 * * ?");
        assertThat(md.directory()).isEqualTo(root.toAbsolutePath().normalize() + "/position");
        assertThat(names(t.attributes())).containsExactly("code0", "code1", "code2", "bancode", "account", "date1",
                "dtcode", "date2", "date3", "calculatedCode", "fileName", "year", "month", "day");
        assertThat(t.attribute("code0").orElseThrow().position()).isEqualTo(new Position(0, 0));
        Attribute bancode = t.attribute("bancode").orElseThrow();
        assertThat(bancode.position()).isEqualTo(new Position(3, 7));
        assertThat(bancode.position().length()).isEqualTo(5);
        assertThat(bancode.privacy()).isEqualTo("sql:md5(bancode)");
        assertThat(bancode.isRequired()).isTrue();
        assertThat(t.attribute("account").orElseThrow().position()).isEqualTo(new Position(8, 26));
        assertThat(t.attribute("date1").orElseThrow().type()).isEqualTo("datefr");
        assertThat(t.attribute("dtcode").orElseThrow().resolveTrim()).isEqualTo(Trim.BOTH);
        assertThat(t.attribute("date1").orElseThrow().resolveTrim()).isEqualTo(Trim.NONE);
        Attribute calc = t.attribute("calculatedCode").orElseThrow();
        assertThat(calc.isScripted()).isTrue();
        assertThat(calc.resolveScript()).isEqualTo("concat(code0,'-',code1,'-',bancode,'-')");
        assertThat(calc.metricType()).isEqualTo("NONE");
        assertThat(t.attribute("fileName").orElseThrow().resolveScript()).isEqualTo("sl_input_file_name");
        assertThat(t.attribute("year").orElseThrow().position()).isNull();
        assertThat(p.types().primitiveOf("datefr")).contains("date");

        RecordSpec spec = TableSpecs.toRecordSpec(p, "position", "account");
        assertThat(spec.qualifiedName()).isEqualTo("position.account");
        assertThat(spec.fields()).hasSize(14);
        FieldSpec date1 = spec.fields().get(5);
        assertThat(date1.type().name()).isEqualTo("datefr");
        assertThat(date1.type().primitiveType()).isEqualTo(PrimitiveType.DATE);
        assertThat(spec.fields().get(6).trim()).isEqualTo(dev.lakestation.schema.model.Trim.BOTH);
        assertThat(spec.fields().get(3).privacy()).isEqualTo("sql:md5(bancode)");
        assertThat(spec.fields().get(9).isScript()).isTrue();
        assertThat(spec.emptyIsNull()).isTrue();
        assertThat(spec.rejectWithValue()).isFalse();
    }

    @Test
    void jsonComplexWithError() {
        Project p = load(SampleProjects.json(root));
        Domain d = p.domain("json").orElseThrow();
        assertThat(d.findTable("complexWithError.json")).map(Table::name).contains("sample_json");
        assertThat(d.findTable("complex.json")).map(Table::name).contains("sample_json");
        assertThat(d.findTable("other.json")).isEmpty();
        Table t = d.table("sample_json").orElseThrow();
        assertThat(t.metadata().resolveFormat()).isEqualTo(Format.JSON);
        assertThat(t.metadata().resolveArray()).isFalse();
        assertThat(t.metadata().resolveSeparator()).isEqualTo("|");
        assertThat(t.metadata().resolveWriteStrategy().effectiveType()).isEqualTo(WriteStrategyType.APPEND);
        Attribute email = t.attribute("email").orElseThrow();
        assertThat(email.type()).isEqualTo("email");
        assertThat(email.isRequired()).isTrue();
        assertThat(t.attribute("seconds").orElseThrow().type()).isEqualTo("epoch_second");
        assertThat(t.attribute("millis").orElseThrow().type()).isEqualTo("epoch_milli");
        Attribute struct = t.attribute("structAttr").orElseThrow();
        assertThat(struct.isStruct()).isTrue();
        assertThat(struct.type()).isEqualTo("struct");
        assertThat(names(struct.attributes())).containsExactly("intAttr", "decimalAttr", "doubleAttr",
                "arrayOfString", "arrayOfInt");
        assertThat(struct.attributes().get(3).isArray()).isTrue();
        assertThat(struct.attributes().get(4).isArray()).isTrue();
        assertThat(struct.attributes().get(4).type()).isEqualTo("int");
        assertThat(t.attribute("email_domain").orElseThrow().resolveScript())
                .isEqualTo("regexp_extract(email,'.+@(.+)', 1)");

        RecordSpec spec = TableSpecs.toRecordSpec(p, "json", "sample_json");
        FieldSpec s = spec.fields().stream().filter(f -> f.name().equals("structAttr")).findFirst().orElseThrow();
        assertThat(s.isStruct()).isTrue();
        assertThat(s.children()).hasSize(5);
        assertThat(s.children().get(0).type().primitiveType()).isEqualTo(PrimitiveType.LONG);
        assertThat(s.children().get(3).array()).isTrue();
        assertThat(spec.fields().get(0).type().name()).isEqualTo("email");
        assertThat(spec.fields().get(0).required()).isTrue();
    }

    @Test
    void xmlLocations() {
        Project p = load(SampleProjects.xml(root));
        Domain d = p.domain("locations").orElseThrow();
        assertThat(d.findTable("locations.xml")).map(Table::name).contains("locations");
        Table t = d.table("locations").orElseThrow();
        Metadata md = t.metadata();
        assertThat(md.resolveFormat()).isEqualTo(Format.XML);
        assertThat(md.rowTag()).contains("element");
        assertThat(md.resolveMultiline()).isTrue();
        assertThat(md.resolveArray()).isTrue();
        assertThat(md.resolveSeparator()).isEmpty();
        assertThat(md.directory()).isEqualTo(root.toAbsolutePath().normalize().toString());
        assertThat(names(t.attributes())).containsExactly("_continent", "id", "name", "seconds", "millis", "year",
                "month", "day");
        assertThat(t.attribute("_continent").orElseThrow().privacy()).isEqualTo("MD5");
        assertThat(t.attribute("seconds").orElseThrow().isRequired()).isTrue();
        RecordSpec spec = TableSpecs.toRecordSpec(p, "locations", "locations");
        assertThat(spec.fields().get(3).type().primitiveType()).isEqualTo(PrimitiveType.TIMESTAMP);
        assertThat(spec.fields().get(0).privacy()).isEqualTo("MD5");
    }

    @Test
    void dsvOrdersHeader() {
        Project p = load(SampleProjects.dsvOrders(root));
        Table t = p.table("sales", "orders").orElseThrow();
        assertThat(p.domain("sales").orElseThrow().findTable("orders.csv")).contains(t);
        assertThat(t.metadata().resolveFormat()).isEqualTo(Format.DSV);
        assertThat(t.metadata().resolveSeparator()).isEqualTo(",");
        assertThat(t.metadata().resolveWithHeader()).isTrue();
        assertThat(t.metadata().resolveEncoding()).isEqualTo("UTF-8");
        assertThat(t.metadata().resolveWriteStrategy().effectiveType()).isEqualTo(WriteStrategyType.APPEND);
        assertThat(names(t.attributes())).containsExactly("customer_id", "amount");
        assertThat(t.attributes()).allSatisfy(a -> {
            assertThat(a.type()).isEqualTo("int");
            assertThat(a.isRequired()).isFalse();
            assertThat(a.resolvePrivacy()).isEqualTo("NONE");
        });
        assertThat(p.types().primitiveOf("int")).contains("long");
        RecordSpec spec = TableSpecs.toRecordSpec(p, "sales", "orders");
        assertThat(spec.fields()).extracting(FieldSpec::name).containsExactly("customer_id", "amount");
    }

    @Test
    void dsvDreamClientNoHeader() {
        Project p = load(SampleProjects.dsvDream(root));
        Domain d = p.domain("dreamignore").orElseThrow();
        assertThat(d.findTable("OneClient_Contact_20190101_090800_008.psv")).map(Table::name).contains("client");
        Table t = d.table("client").orElseThrow();
        Metadata md = t.metadata();
        assertThat(md.resolveFormat()).isEqualTo(Format.DSV);
        assertThat(md.resolveWithHeader()).isFalse();
        assertThat(md.resolveSeparator()).isEqualTo("|");
        assertThat(md.resolveWriteStrategy().effectiveType()).isEqualTo(WriteStrategyType.OVERWRITE);
        assertThat(md.resolveSink().partition()).containsExactly("year", "month", "day");
        assertThat(t.attributes()).hasSize(87);
        assertThat(t.attribute("gender").orElseThrow().isIgnored()).isTrue();
        assertThat(t.attribute("dream_id").orElseThrow().foreignKey()).isEqualTo("segment");
        assertThat(t.attribute("truncated_zip_code").orElseThrow().resolveScript()).isEqualTo("substring(zip_code, 0, 3)");
        assertThat(t.attribute("source_file_name").orElseThrow().resolveScript())
                .isEqualTo("regexp_extract(sl_input_file_name, '.+\\/(.+)$' , 1)");
        assertThat(t.attributes().stream().filter(Attribute::isScripted).map(Attribute::name))
                .containsExactly("truncated_zip_code", "source_file_name", "year", "month", "day");
        assertThat(t.attribute("truncated_zip_code").orElseThrow().isNullable()).isTrue();
        RecordSpec spec = TableSpecs.toRecordSpec(p, "dreamignore", "client");
        assertThat(spec.fields().get(1).ignore()).isTrue();
        assertThat(spec.fields()).hasSize(87);
    }

    @Test
    void starbake() {
        Project p = load(SampleProjects.starbake(root));
        Domain d = p.domain("starbake").orElseThrow();
        assertThat(d.tables()).extracting(Table::name).containsExactly("order_lines", "orders", "products");
        assertThat(d.metadata().directory()).isEqualTo(root.toAbsolutePath().normalize() + "/datasets/incoming/starbake");
        Table lines = d.findTable("order-lines_202403011415.csv").orElseThrow();
        assertThat(lines.name()).isEqualTo("order_lines");
        assertThat(lines.metadata().resolveSeparator()).isEqualTo(";");
        assertThat(lines.metadata().resolveWithHeader()).isTrue();
        assertThat(lines.metadata().directory()).isEqualTo(d.metadata().directory());
        Table orders = d.findTable("orders_202403011414.json").orElseThrow();
        assertThat(orders.metadata().resolveFormat()).isEqualTo(Format.JSON);
        assertThat(orders.metadata().resolveArray()).isTrue();
        assertThat(orders.attribute("timestamp").orElseThrow().type()).isEqualTo("iso_date_time");
        Table products = d.findTable("products.xml").orElseThrow();
        assertThat(products.metadata().resolveFormat()).isEqualTo(Format.XML);
        assertThat(products.metadata().rowTag()).contains("record");
        assertThat(products.metadata().resolveWriteStrategy().effectiveType()).isEqualTo(WriteStrategyType.OVERWRITE);

        assertThat(p.tasks()).extracting(Task::fullName).containsExactly("kpi.order_items_analysis",
                "kpi.order_summary", "kpi.product_summary", "kpi.revenue_summary");
        Task summary = p.task("kpi.order_summary").orElseThrow();
        assertThat(summary.outputTable()).isEqualTo("kpi.order_summary");
        assertThat(summary.resolveWriteStrategy().effectiveType()).isEqualTo(WriteStrategyType.OVERWRITE);
        assertThat(summary.sql()).contains("kpi.product_summary ps");
        assertThat(summary.sqlFile()).isEqualTo(Path.of("metadata/transform/kpi/order_summary.sql"));
        for (String table : List.of("order_lines", "orders", "products")) {
            assertThat(TableSpecs.toRecordSpec(p, "starbake", table).fields()).isNotEmpty();
        }
    }
}
