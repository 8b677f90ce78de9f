/**
 * Starlake's type catalogue: {@link dev.lakestation.schema.types.TypeCatalog} (default types shipped as a resource,
 * user types files with {@link dev.lakestation.schema.Problem}s), compiled
 * {@link dev.lakestation.schema.types.SlType}s that check and convert raw text like Starlake.
 */
package dev.lakestation.schema.types;
