package dev.lakestation.jobs.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker/compose.yaml} and {@code docker/Dockerfile} without a Docker engine (none runs here): the compose
 * file is valid against the Compose specification's JSON Schema (vendored in {@code docker/schema/}), its Flink
 * images are the official image of the parent pom's Flink version, the coordinator image is this build's, and every
 * path it or the Dockerfile references exists or is a jar the build produces.
 */
class DockerComposeTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path DOCKER = REPO.resolve("docker");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void composeFileIsValidAgainstTheComposeSpecification() throws IOException {
        JsonSchema schema = composeSpec();
        Set<ValidationMessage> errors = schema.validate(compose());
        assertThat(errors).as("docker/compose.yaml against the Compose specification").isEmpty();
    }

    @Test
    void theSchemaRejectsAnInvalidComposeFile() throws IOException {
        // the check above is not vacuous: an unknown service key and a non-list port mapping are refused
        JsonSchema schema = composeSpec();
        JsonNode bad = JSON.readTree("{\"services\": {\"jm\": {\"image\": \"flink\", \"portz\": [\"8081\"], "
                + "\"ports\": \"8081:8081\"}}}");
        assertThat(schema.validate(bad)).extracting(ValidationMessage::getMessage)
                .anyMatch(m -> m.contains("portz")).anyMatch(m -> m.contains("ports"));
    }

    @Test
    void imagesAreThoseOfThisBuild() throws IOException {
        String flink = property(REPO.resolve("pom.xml"), "flink.version");
        String version = projectVersion(REPO.resolve("pom.xml"));
        JsonNode services = compose().path("services");
        assertThat(services.path("jobmanager").path("image").asText()).isEqualTo("flink:" + flink + "-java17");
        assertThat(services.path("taskmanager").path("image").asText()).isEqualTo("flink:" + flink + "-java17");
        assertThat(services.path("coordinator").path("image").asText()).isEqualTo("lakestation:" + version);
        // the coordinator talks to the JobManager service by its REST port
        assertThat(services.path("coordinator").path("command").toString()).contains("http://jobmanager:8081");
        assertThat(services.path("jobmanager").path("ports").get(0).asText()).endsWith(":8081");
    }

    @Test
    void everyReferencedPathExistsOrIsBuilt() throws IOException {
        JsonNode coordinator = compose().path("services").path("coordinator");
        Path context = DOCKER.resolve(coordinator.path("build").path("context").asText()).normalize();
        assertThat(context).isEqualTo(REPO);
        Path dockerfile = context.resolve(coordinator.path("build").path("dockerfile").asText());
        assertThat(dockerfile).isRegularFile();

        // bind mounts: ${VAR:-default}:/container/path, the default relative to docker/
        compose().path("services").forEach(service -> service.path("volumes").forEach(v -> {
            String host = v.asText().substring(0, v.asText().lastIndexOf(':'));
            Matcher m = Pattern.compile("\\$\\{\\w+:-([^}]+)}").matcher(host);
            if (m.matches()) {
                assertThat(DOCKER.resolve(m.group(1)).normalize()).as(v.asText()).isDirectory();
            } else {
                assertThat(host).as("named volume " + host).matches("[\\w-]+");
            }
        }));

        // Dockerfile COPY sources: files in the repository, or the jars the jobs module's shade plugin writes
        List<String> builtJars = new ArrayList<>();
        Matcher out = Pattern.compile("<outputFile>\\$\\{project.build.directory}/([^<]+)</outputFile>")
                .matcher(Files.readString(REPO.resolve("jobs/pom.xml")));
        while (out.find()) {
            builtJars.add("jobs/target/" + out.group(1));
        }
        assertThat(builtJars).contains("jobs/target/lakestation-cli.jar", "jobs/target/lakestation-jobs.jar");
        List<String> copied = new ArrayList<>();
        for (String line : Files.readAllLines(dockerfile)) {
            if (line.startsWith("COPY ")) {
                String source = line.split("\\s+")[1];
                copied.add(source);
                assertThat(builtJars.contains(source) || Files.isRegularFile(context.resolve(source)))
                        .as("COPY source " + source + " exists or is built").isTrue();
            }
        }
        assertThat(copied).containsAll(builtJars);
        assertThat(DOCKER.resolve("lakestation")).isExecutable();
        assertThat(Files.readString(DOCKER.resolve("lakestation")))
                .contains(property(REPO.resolve("pom.xml"), "flink.java17.opts"));
    }

    /** The vendored schema, located at its file so that its relative {@code $id} resolves. */
    private static JsonSchema composeSpec() throws IOException {
        Path file = DOCKER.resolve("schema/compose-spec.json");
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(SchemaLocation.of(file.toUri().toString()), JSON.readTree(file.toFile()));
    }

    private static JsonNode compose() throws IOException {
        LoaderOptions options = new LoaderOptions();
        Map<String, Object> yaml = new Yaml(options).load(Files.readString(DOCKER.resolve("compose.yaml")));
        return JSON.valueToTree(yaml);
    }

    private static String property(Path pom, String name) throws IOException {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">")
                .matcher(Files.readString(pom));
        assertThat(m.find()).as(name + " in " + pom).isTrue();
        return m.group(1).strip();
    }

    private static String projectVersion(Path pom) throws IOException {
        // the first <version> after the artifactId of the parent pom itself
        Matcher m = Pattern.compile("<artifactId>lakestation-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(pom));
        assertThat(m.find()).isTrue();
        return m.group(1).strip();
    }
}
