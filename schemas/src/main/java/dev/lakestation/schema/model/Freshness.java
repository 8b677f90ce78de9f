package dev.lakestation.schema.model;

/** Freshness thresholds as written in the YAML (durations such as {@code "1 day"}); either may be null. */
public record Freshness(String warn, String error) implements java.io.Serializable {
}
