package dev.lakestation.schema.validation;

import java.util.List;

/**
 * Why a record was rejected: every error found, in attribute order, with Starlake's texts, e.g.
 * {@code `email`  can't be null} or {@code `amount` (decimal) doesn't match pattern `...`}.
 *
 * @param errors one line per error (never empty)
 */
public record Rejection(List<String> errors) {

    public Rejection {
        errors = List.copyOf(errors);
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a rejection needs at least one error");
        }
    }

    /**
     * Starlake's rejected-row text ({@code audit.rejected.error}):
     * {@code "ERR -> \n" + errors joined by "\n" + "\n\nFILE -> " + inputFile}.
     */
    public String render(String inputFile) {
        return "ERR -> \n" + String.join("\n", errors) + "\n\nFILE -> " + inputFile;
    }
}
