package dev.lakestation.jobs.transform;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.table.api.config.OptimizerConfigOptions;
import org.apache.flink.table.api.config.TableConfigOptions;

/**
 * The Flink SQL options a task's {@code SET} may change, with their defaults. A task's {@code SET} must be undone
 * after the task by writing the previous value, not by removing the key: Flink copies a session's options into its
 * execution environment at every job, so a removed key would keep the task's value for the next tasks.
 */
final class SessionOptions {

    private static final Map<String, String> DEFAULTS = defaults();

    private SessionOptions() {
    }

    /** Whether {@code key} is a Flink SQL option ({@code table.*} of the planner's option classes). */
    static boolean known(String key) {
        return DEFAULTS.containsKey(key);
    }

    /** The option's default as Flink writes it, empty for an option without one. */
    static Optional<String> defaultOf(String key) {
        return Optional.ofNullable(DEFAULTS.get(key));
    }

    private static Map<String, String> defaults() {
        Map<String, String> out = new HashMap<>();
        for (Class<?> c : new Class<?>[] {TableConfigOptions.class, ExecutionConfigOptions.class,
            OptimizerConfigOptions.class}) {
            for (Field f : c.getFields()) {
                if (!Modifier.isStatic(f.getModifiers()) || !ConfigOption.class.isAssignableFrom(f.getType())) {
                    continue;
                }
                try {
                    ConfigOption<?> option = (ConfigOption<?>) f.get(null);
                    String value = null;
                    if (option.hasDefaultValue()) {
                        value = written(option);
                    }
                    out.put(option.key(), value);
                    for (FallbackKey k : option.fallbackKeys()) {
                        out.putIfAbsent(k.getKey(), value);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> String written(ConfigOption<T> option) {
        Configuration c = new Configuration();
        c.set(option, option.defaultValue());
        return c.toMap().get(option.key());
    }
}
