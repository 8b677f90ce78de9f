package dev.lakestation.connector.common;

import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;

/**
 * A setting of a Memphis source, sink or table is missing, invalid or contradicts another. The message
 * names the option and, from a builder, the setter that writes it; {@link #describe} renders the same
 * problem with another naming (the SQL connector names its table options), so there is one validation.
 *
 * <pre>{@code
 * try {
 *     builder.build();
 * } catch (MemphisConfigException e) {
 *     System.err.println(e.getMessage());   // "Memphis sink: memphis.sink.max-in-flight must be > 0, got 0; set with setMaxInFlight(int)"
 * }
 * }</pre>
 */
@PublicEvolving
public class MemphisConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String template;
    private final List<ConfigOption<?>> options;

    /**
     * @param template the problem, with {@code {0}}, {@code {1}}... where the options' names go
     */
    public MemphisConfigException(OptionNaming naming, String template, List<ConfigOption<?>> options, Throwable cause) {
        super(render(naming, template, options, true), cause);
        this.template = template;
        this.options = List.copyOf(options);
    }

    public static MemphisConfigException of(OptionNaming naming, String template, ConfigOption<?>... options) {
        return new MemphisConfigException(naming, template, List.of(options), null);
    }

    /** The options the problem is about, the first one foremost. */
    public List<ConfigOption<?>> options() {
        return options;
    }

    /** The problem as {@code naming} names options, without setter hints, e.g. for the SQL connector. */
    public String describe(OptionNaming naming) {
        return render(naming, template, options, false);
    }

    /** The problem alone, options named by {@code naming}, without component and setter hint. */
    public String detail(OptionNaming naming) {
        String text = template;
        for (int i = 0; i < options.size(); i++) {
            text = text.replace("{" + i + "}", naming.name(options.get(i)));
        }
        return text;
    }

    private static String render(OptionNaming naming, String template, List<ConfigOption<?>> options, boolean hint) {
        String text = template;
        for (int i = 0; i < options.size(); i++) {
            text = text.replace("{" + i + "}", naming.name(options.get(i)));
        }
        String setter = hint && !options.isEmpty() ? naming.setter(options.get(0)) : "";
        return naming.component() + ": " + text + (setter.isEmpty() ? "" : "; set with " + setter);
    }
}
