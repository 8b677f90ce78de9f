package dev.lakestation.schema.project;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variables of a project and their substitution into YAML values and SQL, with Starlake's two syntaxes
 * {@code ${name}} and {@code {{name}}} (spaces allowed inside the braces). Unknown variables are left as written.
 *
 * <p>Precedence, lowest first, as Starlake's {@code SchemaHandler.activeEnvVars}: OS environment, then
 * {@code metadata/env.sl.yml}, then {@code metadata/env.<ENV>.sl.yml}, then explicit overrides. {@code SL_ROOT} is
 * the project root.
 *
 * <pre>{@code
 * EnvVars env = EnvVars.of(Map.of("incoming_path", "/data/incoming"));
 * env.substitute("{{incoming_path}}/starbake"); // "/data/incoming/starbake"
 * }</pre>
 */
public final class EnvVars {
    // Starlake's sqlParameterPattern "\$\{\s*%s\s*\}" and jinja "\{\{\s*%s\s*\}\}", for any name.
    private static final Pattern VAR = Pattern.compile("\\$\\{\\s*([A-Za-z0-9_.\\-]+)\\s*\\}|\\{\\{\\s*([A-Za-z0-9_.\\-]+)\\s*\\}\\}");

    private final Map<String, String> values;

    private EnvVars(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Variables with exactly these values. */
    public static EnvVars of(Map<String, String> values) {
        return new EnvVars(values);
    }

    /** All variables. */
    public Map<String, String> values() {
        return values;
    }

    /** One variable. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** A copy where {@code more} override these values. */
    public EnvVars with(Map<String, String> more) {
        Map<String, String> m = new LinkedHashMap<>(values);
        m.putAll(more);
        return new EnvVars(m);
    }

    /** Replaces every known {@code ${name}} / {@code {{name}}}; unknown ones stay as written. */
    public String substitute(String text) {
        if (text == null || (text.indexOf('$') < 0 && text.indexOf('{') < 0)) {
            return text;
        }
        Matcher m = VAR.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String v = values.get(name);
            m.appendReplacement(sb, Matcher.quoteReplacement(v != null ? v : m.group()));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Names referenced in {@code text} that have no value. */
    public Set<String> undefinedIn(String text) {
        Set<String> out = new LinkedHashSet<>();
        if (text == null) {
            return out;
        }
        Matcher m = VAR.matcher(text);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            if (!values.containsKey(name)) {
                out.add(name);
            }
        }
        return out;
    }
}
