package dev.lakestation.jobs.area;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer of {@link Preload#check}: whether the load of a domain's tables should run now.
 *
 * <pre>{@code
 * PreloadResult r = Preload.of(project).check("starbake", List.of("orders"), PreloadStrategy.IMPORTED, null);
 * if (r.ready()) runLoad(r.counts().keySet());
 * }</pre>
 *
 * @param domain   domain
 * @param strategy strategy used
 * @param counts   per requested table, in the domain's order, Starlake's "loadable" number: the files found
 *                 (IMPORTED: landing files ready to stage; PENDING: staged files), 1 for NONE, and for ACK 1 when
 *                 the ack file was found, else 0
 * @param ready    Starlake's rule: at least one table counts more than 0
 * @param detail   one line for people, e.g. {@code "ack file datasets/pending/starbake/2026-12-02.ack found and deleted"}
 */
public record PreloadResult(String domain, PreloadStrategy strategy, Map<String, Integer> counts, boolean ready,
                            String detail) {

    public PreloadResult {
        counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }
}
