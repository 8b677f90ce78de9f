package dev.lakestation.jobs.audit;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** STUB (replaced by the table branch). */
public final class RejectedRow {
    public static final Schema SCHEMA = SchemaBuilder.record("rejected").namespace("dev.lakestation.audit").fields()
            .requiredString("jobid").requiredLong("timestamp").requiredString("domain").requiredString("schema")
            .requiredString("error").requiredString("path").optionalLong("line").optionalLong("offset")
            .optionalString("value").endRecord();

    public static GenericRecord record(String jobId, long timestamp, String domain, String schema, String error,
            String path, Long line, Long offset, String value) {
        GenericData.Record r = new GenericData.Record(SCHEMA);
        r.put("jobid", jobId);
        r.put("timestamp", timestamp);
        r.put("domain", domain);
        r.put("schema", schema);
        r.put("error", error);
        r.put("path", path);
        r.put("line", line);
        r.put("offset", offset);
        r.put("value", value);
        return r;
    }
}
