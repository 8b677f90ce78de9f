package dev.lakestation.jobs.status;

/**
 * What the status page shows, computed on each request (the page polls): called from the HTTP server's threads,
 * so implementations read a consistent snapshot (e.g. the coordinator's state store) and never block for long.
 */
public interface StatusSource {

    /** The status as JSON: {@code {"title": .., "runs": [..], "pipelines": [..], "datasets": [..], "alerts": [..]}}. */
    String statusJson();

    /** The project's DAG in Mermaid, with {@code class <node> <state>} lines for run states. */
    String dagMermaid();
}
