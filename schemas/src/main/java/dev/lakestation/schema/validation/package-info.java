/**
 * Per-record validation: {@link dev.lakestation.schema.validation.RecordSpec} /
 * {@link dev.lakestation.schema.validation.FieldSpec} describe a table,
 * {@link dev.lakestation.schema.validation.RecordValidator} turns raw records into typed Avro records or
 * {@link dev.lakestation.schema.validation.Rejection}s with Starlake's texts; scripts, filters and {@code sql:}
 * privacy use the small SQL language of {@link dev.lakestation.schema.validation.Expression}.
 */
package dev.lakestation.schema.validation;
