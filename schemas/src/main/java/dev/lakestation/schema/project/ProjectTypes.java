package dev.lakestation.schema.project;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The project's type names and primitive types: Starlake's defaults, then {@code metadata/types/default.sl.yml},
 * the other {@code *.sl.yml} files alphabetically, and {@code types.sl.yml} last (a later definition of a name
 * replaces an earlier one, as in Starlake's {@code SchemaHandler.loadTypes}). {@code struct} always exists.
 */
public final class ProjectTypes {
    private static final Set<String> PRIMITIVES = Set.of("string", "variant", "long", "int", "short", "double",
            "decimal", "boolean", "byte", "date", "timestamp");
    private static final Set<String> FORMATTERS = Set.of("BASIC_ISO_DATE", "ISO_LOCAL_DATE", "ISO_OFFSET_DATE",
            "ISO_DATE", "ISO_LOCAL_TIME", "ISO_OFFSET_TIME", "ISO_TIME", "ISO_LOCAL_DATE_TIME", "ISO_OFFSET_DATE_TIME",
            "ISO_ZONED_DATE_TIME", "ISO_DATE_TIME", "ISO_ORDINAL_DATE", "ISO_WEEK_DATE", "ISO_INSTANT",
            "RFC_1123_DATE_TIME");
    /** Starlake's default catalogue names and primitive types (src/main/resources/types/default.sl.yml). */
    static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("string", "string");
        d.put("variant", "variant");
        d.put("integer", "long");
        d.put("int", "long");
        d.put("byte", "byte");
        d.put("double", "double");
        d.put("long", "long");
        d.put("short", "short");
        d.put("boolean", "boolean");
        d.put("timestamp", "timestamp");
        d.put("decimal", "decimal");
        d.put("date", "date");
        for (String f : List.of("basic_iso_date", "iso_local_date", "iso_offset_date", "iso_date",
                "iso_local_date_time", "iso_offset_date_time", "iso_zoned_date_time", "iso_date_time",
                "iso_ordinal_date", "iso_week_date", "iso_instant", "rfc_1123_date_time")) {
            d.put(f, "timestamp");
        }
        DEFAULTS = Collections.unmodifiableMap(d);
    }

    private final Map<String, String> primitives;

    private ProjectTypes(Map<String, String> primitives) {
        this.primitives = Collections.unmodifiableMap(new LinkedHashMap<>(primitives));
    }

    /** Starlake's default types only. */
    public static ProjectTypes defaults() {
        Map<String, String> m = new LinkedHashMap<>(DEFAULTS);
        m.put("struct", "struct");
        return new ProjectTypes(m);
    }

    /** Primitive type ({@code long}, {@code timestamp}, {@code struct}...) of a type name; empty when unknown. */
    public Optional<String> primitiveOf(String typeName) {
        return Optional.ofNullable(primitives.get(typeName));
    }

    /** All type names. */
    public Set<String> names() {
        return primitives.keySet();
    }

    /** Types files in Starlake's precedence order: default.sl.yml, others alphabetically, types.sl.yml. */
    static List<Path> typeFiles(ProjectPaths paths, Path typesDir) {
        List<Path> files = new ArrayList<>();
        Path last = null;
        Path first = null;
        for (Path p : paths.list(typesDir)) {
            String n = p.getFileName().toString();
            if (!n.endsWith(".sl.yml") || !Files.isRegularFile(p)) {
                continue;
            }
            if (n.equals("default.sl.yml")) {
                first = p;
            } else if (n.equals("types.sl.yml")) {
                last = p;
            } else {
                files.add(p);
            }
        }
        if (first != null) {
            files.add(0, first);
        }
        if (last != null) {
            files.add(last);
        }
        return files;
    }

    /** Reads {@code metadata/types}, reporting bad primitive types and patterns with their line. */
    static ProjectTypes load(ProjectPaths paths, Path typesDir, Problems problems, EnvVars env, Locations locs) {
        Map<String, String> m = new LinkedHashMap<>(DEFAULTS);
        for (Path f : typeFiles(paths, typesDir)) {
            YamlContext ctx = new YamlContext(paths.display(f), problems, env, locs);
            YamlMap top = YamlFiles.read(paths, f, ctx);
            if (top == null) {
                continue;
            }
            top.accept("version");
            List<YamlMap> types = top.maps("types");
            top.warnUnknown("a types file");
            if (types == null) {
                ctx.error(top.line(), "missing 'types:' list");
                continue;
            }
            Map<String, Integer> seen = new LinkedHashMap<>();
            for (YamlMap t : types) {
                String name = t.string("name");
                String primitive = t.string("primitiveType");
                String pattern = t.string("pattern");
                t.accept("zone", "sample", "comment", "ddlMapping", "indexMapping");
                t.warnUnknown("type '" + name + "'");
                if (name == null || name.isBlank()) {
                    ctx.error(t.line(), "type without a name");
                    continue;
                }
                Integer before = seen.put(name, t.line());
                if (before != null) {
                    ctx.error(t.line(), "type '" + name + "' is defined twice in this file (first at line " + before + ")");
                }
                String prim = primitive == null ? "string" : primitive.toLowerCase(Locale.ROOT);
                if (!PRIMITIVES.contains(prim)) {
                    ctx.error(t.lineOf("primitiveType"), "type '" + name + "': unknown primitiveType '" + primitive
                            + "' (expected one of string, variant, long, int, short, double, decimal, boolean, byte, "
                            + "date, timestamp)");
                    continue;
                }
                if (pattern == null) {
                    ctx.error(t.line(), "type '" + name + "' has no pattern");
                    continue;
                }
                String bad = checkPattern(prim, pattern);
                if (bad != null) {
                    ctx.error(t.lineOf("pattern"), "type '" + name + "': " + bad);
                    continue;
                }
                m.put(name, prim);
            }
        }
        m.put("struct", "struct");
        return new ProjectTypes(m);
    }

    /** Null when {@code pattern} is valid for the primitive type, else what is wrong. */
    static String checkPattern(String primitive, String pattern) {
        switch (primitive) {
            case "date":
            case "timestamp":
                if (pattern.equals("epoch_second") || pattern.equals("epoch_milli") || FORMATTERS.contains(pattern)) {
                    return null;
                }
                try {
                    DateTimeFormatter.ofPattern(pattern);
                    return null;
                } catch (IllegalArgumentException e) {
                    return "invalid date/time pattern '" + pattern + "': " + e.getMessage();
                }
            case "boolean": {
                String[] tf = pattern.split("<-TF->", -1);
                if (tf.length != 2) {
                    return "a boolean pattern must be '<true regex><-TF-><false regex>', got '" + pattern + "'";
                }
                String a = regexError(tf[0]);
                return a != null ? a : regexError(tf[1]);
            }
            default:
                return regexError(pattern);
        }
    }

    private static String regexError(String regex) {
        try {
            Pattern.compile(regex);
            return null;
        } catch (PatternSyntaxException e) {
            return "invalid regex '" + regex + "': " + e.getDescription() + " near index " + e.getIndex();
        }
    }
}
