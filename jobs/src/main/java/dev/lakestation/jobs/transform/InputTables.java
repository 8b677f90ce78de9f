package dev.lakestation.jobs.transform;

import dev.lakestation.schema.model.Table;
import dev.lakestation.schema.model.Task;
import dev.lakestation.schema.project.Project;
import dev.lakestation.schema.project.TableValidator;
import org.apache.flink.table.api.FormatDescriptor;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Registers each referenced {@code domain.table} as a temporary table over its warehouse Parquet folder, in a
 * database named after the domain of the session's current catalog, so the task's SQL resolves it as written.
 */
final class InputTables {

    private InputTables() {
    }

    /** Registers the tables and returns their catalog paths (to drop after the run). */
    static List<String> register(TableEnvironment tEnv, Project project, Task task, Iterable<String> references,
                                 TableLocator locator) {
        List<String> registered = new ArrayList<>();
        for (String ref : references) {
            String[] parts = ref.split("\\.");
            if (parts.length != 2) {
                throw new TransformException("task " + task.fullName() + " (" + task.sqlFile() + ") reads `" + ref
                        + "`: tables are referenced as domain.table");
            }
            String domain = parts[0];
            String table = parts[1];
            Path folder = locator.folder(project, domain, table);
            Optional<Task> producer = project.tasks().stream()
                    .filter(t -> t.outputTable().equals(ref) && !t.fullName().equals(task.fullName())).findFirst();
            Optional<Table> loaded = project.table(domain, table);
            DataType row;
            List<String> partitions;
            List<Path> files = ParquetFolder.files(folder);
            if (loaded.isPresent()) {
                row = FlinkTypes.ofAvro(TableValidator.of(project, domain, table).schema());
                partitions = loaded.get().metadata() != null && loaded.get().metadata().sink() != null
                        ? loaded.get().metadata().sink().partition() : List.of();
                if (files.isEmpty()) {
                    throw new TransformException("task " + task.fullName() + " (" + task.sqlFile() + ") reads "
                            + ref + ", which has no data in " + folder + ": load " + ref + " first");
                }
            } else if (producer.isPresent()) {
                if (files.isEmpty()) {
                    throw new TransformException("task " + task.fullName() + " (" + task.sqlFile() + ") reads "
                            + ref + ", which has no data in " + folder + ": run task " + producer.get().fullName()
                            + " first");
                }
                try {
                    row = FlinkTypes.ofParquetFooter(files.get(0));
                } catch (IOException e) {
                    throw new TransformException("cannot read the Parquet footer of " + files.get(0) + ": "
                            + e.getMessage(), e);
                }
                partitions = ParquetFolder.partitionColumns(folder, files);
            } else {
                throw new TransformException("task " + task.fullName() + " (" + task.sqlFile() + ") reads " + ref
                        + ", which is neither a loaded table nor the output of a task");
            }
            String path = tEnv.getCurrentCatalog() + ".`" + domain + "`.`" + table + "`";
            tEnv.executeSql("CREATE DATABASE IF NOT EXISTS `" + tEnv.getCurrentCatalog() + "`.`" + domain + "`");
            tEnv.createTemporaryTable(path, descriptor(row, partitions, folder));
            registered.add(path);
        }
        return registered;
    }

    static TableDescriptor descriptor(DataType row, List<String> partitions, Path folder) {
        Schema.Builder schema = Schema.newBuilder();
        RowType rowType = (RowType) row.getLogicalType();
        List<String> names = rowType.getFieldNames();
        for (int i = 0; i < names.size(); i++) {
            schema.column(names.get(i), row.getChildren().get(i));
        }
        for (String p : partitions) {
            if (!names.contains(p)) {
                schema.column(p, org.apache.flink.table.api.DataTypes.STRING());   // only in the folder names
            }
        }
        TableDescriptor.Builder b = TableDescriptor.forConnector("filesystem")
                .schema(schema.build())
                .option("path", folder.toUri().toString())
                .format(parquet());
        if (!partitions.isEmpty()) {
            b.partitionedBy(partitions.toArray(String[]::new));
        }
        return b.build();
    }

    /** Parquet as Spark/Starlake write it: snappy, INT64 timestamps in milliseconds, UTC. */
    static FormatDescriptor parquet() {
        return FormatDescriptor.forFormat("parquet")
                .option("compression", "SNAPPY")
                .option("write.int64.timestamp", "true")
                .option("timestamp.time.unit", "millis")
                .option("utc-timezone", "true")
                .build();
    }
}
