package dev.lakestation.memphis.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Not API: may change or disappear in any release. The client's counterpart of Flink's
 * {@code org.apache.flink.annotation.Internal} (same contract, same name, so the meaning reads alike in
 * the connectors); memphis-client itself has no Flink dependency. Everything in
 * {@code dev.lakestation.memphis.internal} is internal: the Lakestation connectors share the stream
 * layout through it, applications should not.
 *
 * <pre>{@code
 * @Internal
 * final class BrokerPlane implements Plane { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.CONSTRUCTOR, ElementType.PACKAGE})
public @interface Internal {}
