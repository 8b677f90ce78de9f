package dev.lakestation.memphis.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * API for applications, which may still change between minor releases (with a note in the README). The
 * client's counterpart of Flink's {@code org.apache.flink.annotation.PublicEvolving}; memphis-client itself
 * has no Flink dependency.
 *
 * <pre>{@code
 * @PublicEvolving
 * public final class Memphis implements AutoCloseable { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.CONSTRUCTOR})
public @interface PublicEvolving {}
