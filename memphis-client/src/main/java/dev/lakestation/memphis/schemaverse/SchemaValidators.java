package dev.lakestation.memphis.schemaverse;

import dev.lakestation.memphis.annotation.PublicEvolving;
import dev.lakestation.memphis.SchemaValidationException;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of {@link SchemaValidatorFactory}s by schema type: those on the class path
 * (ServiceLoader) plus those registered in code.
 *
 * <pre>{@code
 * SchemaValidators.register(new MyGraphqlValidatorFactory());
 * SchemaValidator v = SchemaValidators.forSchema(schema);
 * }</pre>
 */
@PublicEvolving
public final class SchemaValidators {
    private static final Map<String, SchemaValidatorFactory> FACTORIES = new ConcurrentHashMap<>();
    private static volatile boolean loaded;

    private SchemaValidators() {}

    /** Adds (or replaces) the factory for its type. */
    public static void register(SchemaValidatorFactory factory) {
        load();
        FACTORIES.put(factory.type().toLowerCase(java.util.Locale.ROOT), factory);
    }

    /** Whether a validator implementation exists for the type. */
    public static boolean supports(String type) {
        load();
        return type != null && FACTORIES.containsKey(type.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Compiles the schema with the factory for its type.
     *
     * @throws SchemaValidationException "unsupported schema type" when no implementation is present,
     *     or the factory's error when the schema is invalid
     */
    public static SchemaValidator forSchema(Schema schema) {
        load();
        SchemaValidatorFactory f = FACTORIES.get(schema.type());
        if (f == null) {
            throw new SchemaValidationException("unsupported schema type '" + schema.type() + "' of schema '"
                    + schema.name() + "': no validator implementation is available (supported: "
                    + FACTORIES.keySet() + ")");
        }
        return f.create(schema);
    }

    private static void load() {
        if (!loaded) {
            synchronized (SchemaValidators.class) {
                if (!loaded) {
                    for (SchemaValidatorFactory f : ServiceLoader.load(SchemaValidatorFactory.class,
                            SchemaValidators.class.getClassLoader())) {
                        FACTORIES.putIfAbsent(f.type().toLowerCase(java.util.Locale.ROOT), f);
                    }
                    loaded = true;
                }
            }
        }
    }
}
