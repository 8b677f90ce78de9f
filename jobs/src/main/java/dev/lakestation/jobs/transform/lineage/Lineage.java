package dev.lakestation.jobs.transform.lineage;

import java.util.Set;

/**
 * The tables a query reads, and how they were found.
 *
 * @param tables    referenced tables as written ({@code domain.table}, back-ticks removed), sorted
 * @param parsed    true when Flink's SQL parser produced them, false for the regex fallback
 * @param parseError the parser's message when {@code parsed} is false, else null
 */
public record Lineage(Set<String> tables, boolean parsed, String parseError) {

    public Lineage {
        tables = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(tables));
    }

    /** {@code "parser"} or {@code "regex fallback"}. */
    public String method() {
        return parsed ? "parser" : "regex fallback";
    }
}
