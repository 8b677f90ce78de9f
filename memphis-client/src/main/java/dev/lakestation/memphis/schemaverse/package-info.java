/**
 * Schemaverse: schemas attached to stations and validated in producers. The client stores schemas
 * and resolves a station's attached schema; validators per schema type plug in through
 * {@link dev.lakestation.memphis.schemaverse.SchemaValidatorFactory}.
 */
package dev.lakestation.memphis.schemaverse;
