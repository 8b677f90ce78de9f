package dev.lakestation.connector.sink;

import java.io.Serializable;
import javax.annotation.Nullable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Partition key of a record: the key is hashed as the Memphis SDKs do (murmur3, seed 31) over the
 * station's partitions list, so a key lands where memphis-py/go would put it.
 *
 * <pre>{@code
 * PartitionKeyExtractor<Order> byCustomer = Order::customerId;
 * }</pre>
 */
@PublicEvolving
@FunctionalInterface
public interface PartitionKeyExtractor<T> extends Serializable {
    /** The key, or {@code null} for round robin. */
    @Nullable
    String partitionKey(T element);
}
