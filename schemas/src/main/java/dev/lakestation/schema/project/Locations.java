package dev.lakestation.schema.project;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/** Remembers the file and lines each model object was read from, so cross-file checks can cite them. */
final class Locations {
    private record Entry(String file, int line, Map<String, Integer> keyLines) {
    }

    private final Map<Object, Entry> entries = new IdentityHashMap<>();

    void put(Object model, String file, YamlMap m) {
        Map<String, Integer> lines = new HashMap<>();
        for (String k : m.keys()) {
            lines.put(k, m.lineOf(k));
        }
        entries.put(model, new Entry(file, m.line(), lines));
    }

    boolean has(Object model) {
        return model != null && entries.containsKey(model);
    }

    String file(Object model) {
        return entries.get(model).file;
    }

    int line(Object model) {
        return entries.get(model).line;
    }

    /** Line of {@code key} inside the object's mapping, or of the mapping when the key is absent. */
    int line(Object model, String key) {
        Entry e = entries.get(model);
        return e.keyLines.getOrDefault(key, e.line);
    }

    /** Records an object read at one line (no per-key lines). */
    void putLine(Object model, String file, int line) {
        entries.put(model, new Entry(file, line, Map.of()));
    }

    /** Gives {@code to} the location recorded for {@code from}. */
    void copy(Object from, Object to) {
        Entry e = entries.get(from);
        if (e != null) {
            entries.put(to, e);
        }
    }
}
