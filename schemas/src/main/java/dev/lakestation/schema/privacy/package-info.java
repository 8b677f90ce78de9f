/** Starlake's privacy functions ({@link dev.lakestation.schema.privacy.Privacy}) and hex digests. */
package dev.lakestation.schema.privacy;
