package dev.lakestation.schema.project;

import org.yaml.snakeyaml.nodes.Node;

/** The file being read, where its problems go, and the variables substituted into its values. */
final class YamlContext {
    final String file;
    final Problems problems;
    final EnvVars env;
    final Locations locations;

    YamlContext(String file, Problems problems, EnvVars env, Locations locations) {
        this.file = file;
        this.problems = problems;
        this.env = env;
        this.locations = locations;
    }

    static int line(Node n) {
        return n == null || n.getStartMark() == null ? 1 : n.getStartMark().getLine() + 1;
    }

    void error(Node at, String message) {
        problems.error(file, line(at), message);
    }

    void error(int line, String message) {
        problems.error(file, line, message);
    }

    void warning(Node at, String message) {
        problems.warning(file, line(at), message);
    }
}
