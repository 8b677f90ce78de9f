package dev.lakestation.schema.project;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Typed, line-aware access to a YAML mapping. Every getter records the key as known; {@link #warnUnknown} then
 * reports the keys nobody asked for. A wrong shape is an error at the value's line and the getter returns null,
 * so reading goes on and every problem of a file is reported.
 */
final class YamlMap {
    private final MappingNode node;
    private final YamlContext ctx;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();

    YamlMap(MappingNode node, YamlContext ctx) {
        this.node = node;
        this.ctx = ctx;
        for (NodeTuple t : node.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                ctx.error(t.getKeyNode(), "a key must be a plain name");
                continue;
            }
            if (entries.containsKey(k.getValue())) {
                ctx.error(k, "duplicate key '" + k.getValue() + "'");
            }
            entries.put(k.getValue(), t);
        }
    }

    /** Wraps {@code n} when it is a mapping; reports an error otherwise. */
    static YamlMap of(Node n, YamlContext ctx, String what) {
        if (n instanceof MappingNode m) {
            return new YamlMap(m, ctx);
        }
        ctx.error(n, what + " must be a mapping (key: value)");
        return null;
    }

    YamlContext ctx() {
        return ctx;
    }

    int line() {
        return YamlContext.line(node);
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** Line of the key, or of the mapping when absent. */
    int lineOf(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? line() : YamlContext.line(t.getKeyNode());
    }

    /** The value node; null when absent or an explicit null. */
    Node node(String key) {
        used.add(key);
        NodeTuple t = entries.get(key);
        if (t == null) {
            return null;
        }
        Node v = t.getValueNode();
        if (v instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
            return null;
        }
        return v;
    }

    /** Marks keys as known without reading them (accepted but unused by Lakestation). */
    void accept(String... keys) {
        used.addAll(List.of(keys));
    }

    String string(String key) {
        Node n = node(key);
        if (n == null) {
            return null;
        }
        if (n instanceof ScalarNode s) {
            return substitute(s);
        }
        ctx.error(n, "'" + key + "' must be a single value");
        return null;
    }

    String substitute(ScalarNode s) {
        if (ctx.env == null) {
            return s.getValue(); // raw reading (env files are substituted afterwards)
        }
        String v = ctx.env.substitute(s.getValue());
        for (String undefined : ctx.env.undefinedIn(v)) {
            ctx.warning(s, "undefined variable '" + undefined + "' (left as written)");
        }
        return v;
    }

    Boolean bool(String key) {
        String v = string(key);
        if (v == null) {
            return null;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true":
            case "yes":
            case "on":
                return Boolean.TRUE;
            case "false":
            case "no":
            case "off":
                return Boolean.FALSE;
            default:
                ctx.error(node(key), "'" + key + "' must be true or false, not '" + v + "'");
                return null;
        }
    }

    Long longValue(String key) {
        String v = string(key);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            ctx.error(node(key), "'" + key + "' must be an integer, not '" + v + "'");
            return null;
        }
    }

    Integer integer(String key) {
        Long l = longValue(key);
        if (l == null) {
            return null;
        }
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            ctx.error(node(key), "'" + key + "' is out of range: " + l);
            return null;
        }
        return l.intValue();
    }

    /** A list of scalars; a single scalar is read as a one-element list. Null when absent. */
    List<String> strings(String key) {
        Node n = node(key);
        if (n == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (n instanceof ScalarNode s) {
            out.add(substitute(s));
            return out;
        }
        if (n instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                if (item instanceof ScalarNode s) {
                    if (!s.getTag().equals(Tag.NULL)) {
                        out.add(substitute(s));
                    }
                } else {
                    ctx.error(item, "'" + key + "' must be a list of values");
                }
            }
            return out;
        }
        ctx.error(n, "'" + key + "' must be a list of values");
        return null;
    }

    Set<String> stringSet(String key) {
        List<String> l = strings(key);
        return l == null ? null : new LinkedHashSet<>(l);
    }

    YamlMap map(String key) {
        Node n = node(key);
        return n == null ? null : of(n, ctx, "'" + key + "'");
    }

    /** A list of mappings; null when absent. */
    List<YamlMap> maps(String key) {
        Node n = node(key);
        if (n == null) {
            return null;
        }
        if (!(n instanceof SequenceNode seq)) {
            ctx.error(n, "'" + key + "' must be a list");
            return null;
        }
        List<YamlMap> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            YamlMap m = of(item, ctx, "an item of '" + key + "'");
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    /** A mapping of scalars (values substituted); null when absent. */
    Map<String, String> stringMap(String key) {
        YamlMap m = map(key);
        if (m == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : m.keys()) {
            String v = m.string(k);
            if (v != null) {
                out.put(k, v);
            }
        }
        return out;
    }

    Set<String> keys() {
        return entries.keySet();
    }

    /** The value as plain Java (maps, lists, strings), for fields kept raw. Null when absent. */
    Object raw(String key) {
        Node n = node(key);
        return n == null ? null : toPlain(n);
    }

    private Object toPlain(Node n) {
        if (n instanceof ScalarNode s) {
            return s.getTag().equals(Tag.NULL) ? null : substitute(s);
        }
        if (n instanceof SequenceNode seq) {
            List<Object> l = new ArrayList<>();
            for (Node i : seq.getValue()) {
                l.add(toPlain(i));
            }
            return l;
        }
        if (n instanceof MappingNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                String k = t.getKeyNode() instanceof ScalarNode ks ? ks.getValue() : String.valueOf(t.getKeyNode());
                out.put(k, toPlain(t.getValueNode()));
            }
            return out;
        }
        return null;
    }

    /** Warns once per key that no getter asked for. */
    void warnUnknown(String where) {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!used.contains(e.getKey())) {
                ctx.warning(e.getValue().getKeyNode(), "unknown key '" + e.getKey() + "' in " + where + " (ignored)");
            }
        }
    }
}
