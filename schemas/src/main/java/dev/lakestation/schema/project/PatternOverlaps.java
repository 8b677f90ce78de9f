package dev.lakestation.schema.project;

import dev.lakestation.schema.model.Domain;
import dev.lakestation.schema.model.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Detects table patterns that compete for the same files.
 *
 * <p>Two tables <em>compete</em> when they belong to the same domain (all files staged for a domain are matched
 * against all its tables) or to domains whose landing {@code directory} is the same after variable substitution.
 * Competing tables <em>overlap</em> when
 * <ol>
 *   <li>their patterns are textually equal (Starlake's own check for shared directories), or</li>
 *   <li>a <em>witness</em> file name is fully matched by both patterns. Witnesses are: each table's
 *       {@code patternSample}; a name derived from each pattern when the pattern is simple enough (literals,
 *       {@code .}, {@code \.}, {@code \d}, {@code \w}, character classes, {@code * + ?}), e.g.
 *       {@code orders_.*\.json} gives {@code orders_.json}; and the files currently present in the landing
 *       directory and in {@code datasets/stage/<domain>} when these lie inside the project.</li>
 * </ol>
 * Two patterns that overlap only on names none of these witnesses hit are not detected (deciding regex
 * intersection in general is out of scope).
 */
final class PatternOverlaps {
    private final ProjectPaths paths;
    private final Problems problems;
    private final Locations locs;

    PatternOverlaps(ProjectPaths paths, Problems problems, Locations locs) {
        this.paths = paths;
        this.problems = problems;
        this.locs = locs;
    }

    private record Entry(Domain domain, Table table) {
    }

    void check(List<Domain> domains) {
        Set<String> reported = new LinkedHashSet<>();
        for (Domain d : domains) {
            List<Entry> group = new ArrayList<>();
            d.tables().forEach(t -> group.add(new Entry(d, t)));
            checkGroup(group, witnessFiles(d), reported, "domain '" + d.name() + "'");
        }
        Map<String, List<Entry>> byDir = new LinkedHashMap<>();
        for (Domain d : domains) {
            for (Table t : d.tables()) {
                String dir = t.metadata().directory();
                if (dir != null) {
                    byDir.computeIfAbsent(paths.root().resolve(dir).normalize().toString(), k -> new ArrayList<>())
                            .add(new Entry(d, t));
                }
            }
        }
        for (Map.Entry<String, List<Entry>> e : byDir.entrySet()) {
            List<Entry> group = e.getValue();
            if (group.stream().map(x -> x.domain().name()).distinct().count() > 1) {
                checkGroup(group, listNames(Path.of(e.getKey())), reported,
                        "directory '" + paths.display(Path.of(e.getKey())) + "'");
            }
        }
    }

    private Set<String> witnessFiles(Domain d) {
        Set<String> names = new LinkedHashSet<>();
        for (Table t : d.tables()) {
            if (t.metadata().directory() != null) {
                names.addAll(listNames(paths.root().resolve(t.metadata().directory()).normalize()));
            }
        }
        names.addAll(listNames(paths.root().resolve("datasets").resolve("stage").resolve(d.name())));
        return names;
    }

    private Set<String> listNames(Path dir) {
        Set<String> names = new LinkedHashSet<>();
        try {
            for (Path p : paths.list(dir)) {
                String n = p.getFileName().toString();
                if (Files.isRegularFile(p) && !n.startsWith(".")) {
                    names.add(n);
                }
            }
        } catch (RuntimeException e) {
            // a landing directory outside the root is reported by ProjectChecks; no witnesses from it
        }
        return names;
    }

    private void checkGroup(List<Entry> group, Set<String> files, Set<String> reported, String where) {
        for (int i = 0; i < group.size(); i++) {
            for (int j = i + 1; j < group.size(); j++) {
                Entry a = group.get(i);
                Entry b = group.get(j);
                String why = overlap(a.table(), b.table(), files);
                if (why == null) {
                    continue;
                }
                String key = id(a) + "|" + id(b);
                if (!reported.add(key)) {
                    continue;
                }
                problems.error(paths.display(b.table().source()), locs.line(b.table(), "pattern"),
                        "pattern '" + b.table().pattern().pattern() + "' of table " + id(b) + " overlaps pattern '"
                                + a.table().pattern().pattern() + "' of table " + id(a) + " in " + where + ": " + why);
            }
        }
    }

    private static String id(Entry e) {
        return e.domain().name() + "." + e.table().name();
    }

    private static String overlap(Table a, Table b, Set<String> files) {
        if (a.pattern().pattern().equals(b.pattern().pattern())) {
            return "the patterns are identical";
        }
        Set<String> witnesses = new LinkedHashSet<>();
        for (Table t : List.of(a, b)) {
            if (t.patternSample() != null) {
                witnesses.add(t.patternSample());
            }
            String s = sample(t.pattern().pattern());
            if (s != null) {
                witnesses.add(s);
            }
        }
        witnesses.addAll(files);
        for (String w : witnesses) {
            if (a.matches(w) && b.matches(w)) {
                return "both match the file name '" + w + "'";
            }
        }
        return null;
    }

    /**
     * A short file name the regex fully matches, for simple regexes only (null otherwise): each atom takes its
     * minimum count ({@code *} and {@code ?} drop it, {@code +} keeps one), {@code .} becomes {@code x},
     * {@code \d} {@code 0}, {@code \w} {@code a}, a class its first character.
     */
    static String sample(String regex) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            String atom;
            if (c == '\\') {
                if (i + 1 >= regex.length()) {
                    return null;
                }
                char n = regex.charAt(i + 1);
                if (n == 'd') {
                    atom = "0";
                } else if (n == 'w') {
                    atom = "a";
                } else if (Character.isLetterOrDigit(n)) {
                    return null; // \s, \b, \Q... not handled
                } else {
                    atom = String.valueOf(n);
                }
                i += 2;
            } else if (c == '.') {
                atom = "x";
                i++;
            } else if (c == '[') {
                int end = regex.indexOf(']', i + 2);
                if (end < 0 || regex.charAt(i + 1) == '^' || regex.charAt(i + 1) == '\\') {
                    return null;
                }
                atom = String.valueOf(regex.charAt(i + 1));
                i = end + 1;
            } else if ("()|^${}+*?".indexOf(c) >= 0) {
                return null;
            } else {
                atom = String.valueOf(c);
                i++;
            }
            if (i < regex.length() && (regex.charAt(i) == '*' || regex.charAt(i) == '?')) {
                i++;
                atom = "";
            } else if (i < regex.length() && regex.charAt(i) == '+') {
                i++;
            }
            out.append(atom);
        }
        String s = out.toString();
        return !s.isEmpty() && s.matches(regex) ? s : null;
    }
}
