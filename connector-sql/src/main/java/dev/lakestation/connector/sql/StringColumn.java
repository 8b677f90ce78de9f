package dev.lakestation.connector.sql;

import dev.lakestation.connector.sink.MessageIdExtractor;
import dev.lakestation.connector.sink.PartitionKeyExtractor;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;

/** Reads one STRING/VARCHAR/CHAR column of the sink's rows, as partition key or message id (NULL → none). */
@Internal
final class StringColumn implements PartitionKeyExtractor<RowData>, MessageIdExtractor<RowData> {
    private static final long serialVersionUID = 1L;
    private final int position;

    StringColumn(int position) {
        this.position = position;
    }

    private String read(RowData row) {
        return row.isNullAt(position) ? null : row.getString(position).toString();
    }

    @Override
    public String partitionKey(RowData row) {
        return read(row);
    }

    @Override
    public String messageId(RowData row) {
        String id = read(row);
        // the sink refuses empty ids; an empty column is a row without an id, as NULL is
        return id == null || id.isEmpty() ? null : id;
    }
}
