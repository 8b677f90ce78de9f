package dev.lakestation.schema.project;

import dev.lakestation.schema.model.Attribute;
import dev.lakestation.schema.model.Format;
import dev.lakestation.schema.model.Freshness;
import dev.lakestation.schema.model.MergeOn;
import dev.lakestation.schema.model.Metadata;
import dev.lakestation.schema.model.Position;
import dev.lakestation.schema.model.Sink;
import dev.lakestation.schema.model.Trim;
import dev.lakestation.schema.model.WriteStrategy;
import dev.lakestation.schema.model.WriteStrategyType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns YAML mappings into model records, reporting shape errors and unknown keys. Values that cannot be read are
 * left unset (the problem is recorded), so one pass reports every problem of a file.
 */
final class ModelReader {
    private ModelReader() {
    }

    static Metadata metadata(YamlMap m) {
        if (m == null) {
            return Metadata.EMPTY;
        }
        YamlContext ctx = m.ctx();
        Format format = null;
        String f = m.string("format");
        if (f != null) {
            format = Format.parse(f).orElse(null);
            if (format == null) {
                ctx.error(m.node("format"), "unknown format '" + f + "' (expected one of DSV, POSITION, FIXED, JSON, "
                        + "JSON_ARRAY, JSON_FLAT, XML, TEXT_XML, PARQUET, GENERIC, KAFKA, KAFKASTREAM, DATAFRAME)");
            }
        }
        Freshness freshness = null;
        YamlMap fr = m.map("freshness");
        if (fr != null) {
            freshness = new Freshness(fr.string("warn"), fr.string("error"));
            fr.warnUnknown("freshness");
        }
        Map<String, String> options = m.stringMap("options");
        if (options != null && options.containsKey("skipRows")) {
            try {
                Integer.parseInt(options.get("skipRows").trim());
            } catch (NumberFormatException e) {
                ctx.error(m.map("options").lineOf("skipRows"),
                        "options.skipRows must be an integer, not '" + options.get("skipRows") + "'");
            }
        }
        Metadata md = new Metadata(format, m.string("encoding"), m.bool("multiline"), m.bool("array"),
                m.bool("withHeader"), m.string("separator"), m.string("quote"), m.string("escape"),
                sink(m.map("sink")), m.string("directory"), m.string("ack"), options, m.string("loader"),
                m.bool("emptyIsNull"), m.string("dagRef"), freshness, m.string("nullValue"),
                m.bool("fillWithDefaultValue"), m.string("schedule"), writeStrategy(m.map("writeStrategy")));
        if (md.encoding() != null) {
            try {
                java.nio.charset.Charset.forName(md.encoding());
            } catch (RuntimeException e) {
                ctx.error(m.node("encoding"), "unknown encoding '" + md.encoding() + "'");
            }
        }
        if (md.loader() != null && !md.loader().isEmpty() && !Set.of("spark", "native").contains(md.loader())) {
            ctx.error(m.node("loader"), "loader: '" + md.loader() + "' is not a valid loader (native, spark)");
        }
        m.accept("mode"); // pre-1.0 Starlake field, still found in projects
        m.warnUnknown("metadata");
        ctx.locations.put(md, ctx.file, m);
        return md;
    }

    static WriteStrategy writeStrategy(YamlMap m) {
        if (m == null) {
            return null;
        }
        YamlContext ctx = m.ctx();
        WriteStrategyType type = null;
        String t = m.string("type");
        if (t != null) {
            type = WriteStrategyType.parse(t).orElse(null);
            if (type == null) {
                ctx.error(m.node("type"), "unknown write strategy type '" + t + "' (expected one of APPEND, OVERWRITE, "
                        + "UPSERT_BY_KEY, UPSERT_BY_KEY_AND_TIMESTAMP, SCD2, OVERWRITE_BY_PARTITION, DELETE_THEN_INSERT)");
            }
        }
        MergeOn on = null;
        String o = m.string("on");
        if (o != null) {
            on = MergeOn.parse(o).orElse(null);
            if (on == null) {
                ctx.error(m.node("on"), "writeStrategy.on must be TARGET or SOURCE_AND_TARGET, not '" + o + "'");
            }
        }
        WriteStrategy ws = new WriteStrategy(type, m.strings("key"), m.string("timestamp"), m.string("queryFilter"),
                on, m.string("startTs"), m.string("endTs"), m.stringMap("types"));
        m.warnUnknown("writeStrategy");
        ctx.locations.put(ws, ctx.file, m);
        return ws;
    }

    private static final Set<String> SINK_OTHER = Set.of("sharding", "days", "requirePartitionFilter",
            "materializedView", "enableRefresh", "refreshIntervalMs", "id", "timestamp", "location", "type",
            "dynamicPartitionOverwrite");

    static Sink sink(YamlMap m) {
        if (m == null) {
            return null;
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        for (String k : m.keys()) {
            if (SINK_OTHER.contains(k)) {
                extra.put(k, m.raw(k));
            }
        }
        Sink s = new Sink(m.string("connectionRef"), m.string("format"), m.string("extension"),
                m.strings("partition"), m.strings("clustering"), m.bool("coalesce"), m.stringMap("options"), extra);
        m.warnUnknown("sink");
        m.ctx().locations.put(s, m.ctx().file, m);
        return s;
    }

    /** Reads an attribute list (null when absent gives an empty list). */
    static List<Attribute> attributes(List<YamlMap> items) {
        List<Attribute> out = new ArrayList<>();
        if (items == null) {
            return out;
        }
        for (YamlMap a : items) {
            Attribute attr = attribute(a);
            if (attr != null) {
                out.add(attr);
            }
        }
        return out;
    }

    static Attribute attribute(YamlMap m) {
        YamlContext ctx = m.ctx();
        String name = m.string("name");
        if (name == null || name.isBlank()) {
            ctx.error(m.line(), "attribute without a name");
            name = "";
        }
        List<Attribute> nested = attributes(m.maps("attributes"));
        String type = m.string("type");
        if (type == null && !nested.isEmpty()) {
            type = "struct"; // nested attributes without a type: a struct (Starlake's default "string" would be an error)
        }
        Position position = null;
        YamlMap p = m.map("position");
        if (p != null) {
            Integer first = p.integer("first");
            Integer last = p.integer("last");
            p.warnUnknown("position");
            if (first == null || last == null) {
                // an unreadable value was already reported; a missing one is reported here
                if (!p.has("first") || !p.has("last")) {
                    ctx.error(p.line(), "position of '" + name + "' needs both 'first' and 'last'");
                }
            } else if (first < 0 || last < first) {
                ctx.error(p.line(), "position of '" + name + "' must have 0 <= first <= last, got first=" + first
                        + " last=" + last);
            } else {
                position = new Position(first, last);
            }
        }
        Trim trim = null;
        String tr = m.string("trim");
        if (tr != null) {
            trim = Trim.parse(tr).orElse(null);
            if (trim == null) {
                ctx.error(m.node("trim"), "trim of '" + name + "' must be LEFT, RIGHT, BOTH or NONE, not '" + tr + "'");
            }
        }
        Attribute attr = new Attribute(name, type, m.bool("array"), m.bool("required"), m.string("privacy"),
                m.string("comment"), m.string("rename"), m.string("metricType"), nested, position,
                m.string("default"), m.stringSet("tags"), trim, m.string("script"), m.string("foreignKey"),
                m.bool("ignore"), m.string("accessPolicy"), m.string("sample"));
        m.warnUnknown("attribute '" + name + "'");
        ctx.locations.put(attr, ctx.file, m);
        return attr;
    }
}
