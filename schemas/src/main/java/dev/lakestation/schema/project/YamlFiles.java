package dev.lakestation.schema.project;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Reads one YAML file into a node tree (snakeyaml's compose), turning syntax errors into problems with a line. */
final class YamlFiles {
    private YamlFiles() {
    }

    /** The top-level mapping of {@code file}, or null after reporting why it cannot be read. */
    static YamlMap read(ProjectPaths paths, Path file, YamlContext ctx) {
        String text;
        try {
            text = paths.read(file);
        } catch (ProjectPaths.PathEscapeException e) {
            ctx.error(1, e.getMessage());
            return null;
        } catch (UncheckedIOException e) {
            ctx.error(1, e.getMessage() + ": " + e.getCause().getMessage());
            return null;
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // duplicates are reported by YamlMap with their line
        options.setMaxAliasesForCollections(50);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        Node root;
        try {
            root = yaml.compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = m == null ? 1 : m.getLine() + 1;
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            ctx.error(line, "YAML syntax error: " + what + context);
            return null;
        } catch (YAMLException e) {
            ctx.error(1, "YAML error: " + e.getMessage());
            return null;
        }
        if (root == null) {
            ctx.error(1, "empty YAML file");
            return null;
        }
        return YamlMap.of(root, ctx, "the file's top level");
    }
}
