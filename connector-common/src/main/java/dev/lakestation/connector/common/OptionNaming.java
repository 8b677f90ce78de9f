package dev.lakestation.connector.common;

import java.util.Map;
import java.util.function.Function;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;

/**
 * How an error names an option: a builder names its key and the setter that writes it, the SQL connector
 * names its table option.
 *
 * <pre>{@code
 * OptionNaming naming = OptionNaming.builder("Memphis sink", Map.of(MAX_IN_FLIGHT.key(), "setMaxInFlight(int)"));
 * }</pre>
 */
@Internal
public interface OptionNaming {
    /** Who complains, e.g. {@code "Memphis source"}. */
    String component();

    /** The option as the user wrote it. */
    String name(ConfigOption<?> option);

    /** How to fix it, e.g. {@code "setMaxInFlight(int)"}; empty when there is no setter. */
    String setter(ConfigOption<?> option);

    /** A builder's naming: the option's key, and the setter that writes it when there is one. */
    static OptionNaming builder(String component, Map<String, String> settersByKey) {
        return new Named(component, OptionNaming::key,
                o -> settersByKey.getOrDefault(o.key(), "setConfig(" + o.key() + ", ...)"));
    }

    /** A table's naming: {@code 'key'} of the SQL option a builder option comes from, no setter. */
    static OptionNaming table(String component, Map<String, String> tableKeysByKey) {
        return new Named(component, o -> "'" + tableKeysByKey.getOrDefault(o.key(), o.key()) + "'", o -> "");
    }

    private static String key(ConfigOption<?> option) {
        return option.key();
    }

    /** A naming from two functions. */
    record Named(String component, Function<ConfigOption<?>, String> names, Function<ConfigOption<?>, String> setters)
            implements OptionNaming {
        @Override
        public String name(ConfigOption<?> option) {
            return names.apply(option);
        }

        @Override
        public String setter(ConfigOption<?> option) {
            return setters.apply(option);
        }
    }
}
