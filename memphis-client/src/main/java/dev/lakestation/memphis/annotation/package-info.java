/**
 * API stability markers of memphis-client: {@link dev.lakestation.memphis.annotation.PublicEvolving} on every
 * class applications use, {@link dev.lakestation.memphis.annotation.Internal} on the rest.
 */
package dev.lakestation.memphis.annotation;
