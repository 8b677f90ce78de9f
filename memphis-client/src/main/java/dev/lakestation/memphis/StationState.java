package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.Internal;
import dev.lakestation.memphis.internal.StationNames;
import dev.lakestation.memphis.schemaverse.Schema;
import dev.lakestation.memphis.schemaverse.SchemaValidator;
import dev.lakestation.memphis.schemaverse.SchemaValidators;
import java.util.List;

/**
 * What producers and consumers of one station need on every message, cached per client and kept
 * current by the control plane (KV watch or broker updates): partitions, compiled schema validator,
 * dead-letter flags. Reads are plain volatile loads.
 */
@Internal
final class StationState {
    final String name;
    final String internalName;
    private volatile StationInfo info;
    private volatile int[] partitions;
    private volatile String[] subjects;
    private volatile Schema schema;
    private volatile SchemaValidator validator;
    private volatile boolean schemaverseToDls;

    StationState(StationInfo info) {
        this.name = info.name();
        this.internalName = StationNames.internalName(info.name());
        update(info);
    }

    void update(StationInfo info) {
        List<Integer> list = info.partitions();
        int[] p = list.stream().mapToInt(Integer::intValue).toArray();
        String[] s;
        if (p.length == 0) {
            s = new String[] {StationNames.dataSubject(name, StationNames.LEGACY)};
        } else {
            s = new String[p.length];
            for (int i = 0; i < p.length; i++) {
                s[i] = StationNames.dataSubject(name, p[i]);
            }
        }
        this.partitions = p;
        this.subjects = s;
        this.schemaverseToDls = info.dlsSchemaverse();
        this.info = info;
    }

    /** Sets (or with null, drops) the attached schema and compiles its validator once. */
    void updateSchema(Schema schema) {
        if (schema == null) {
            this.validator = null;
            this.schema = null;
            return;
        }
        if (schema.equals(this.schema)) {
            return;
        }
        SchemaValidator v;
        try {
            v = SchemaValidators.forSchema(schema);
        } catch (SchemaValidationException e) {
            // An unsupported type or broken schema fails every produce with the same clear reason.
            String reason = e.getMessage();
            v = payload -> {
                throw new SchemaValidationException("station '" + name + "': " + reason);
            };
        }
        this.validator = v;
        this.schema = schema;
    }

    void setSchemaverseToDls(boolean on) {
        this.schemaverseToDls = on;
    }

    StationInfo info() {
        return info;
    }

    int[] partitions() {
        return partitions;
    }

    String[] subjects() {
        return subjects;
    }

    Schema schema() {
        return schema;
    }

    SchemaValidator validator() {
        return validator;
    }

    boolean schemaverseToDls() {
        return schemaverseToDls;
    }

    /** Index of a partition number in the list, or -1. */
    int indexOf(int partition) {
        int[] p = partitions;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == partition) {
                return i;
            }
        }
        return -1;
    }
}
