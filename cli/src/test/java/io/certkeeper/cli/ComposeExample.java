package io.certkeeper.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The Docker Compose example of {@code examples/docker-compose}, read as Docker Compose and the
 * official nginx image would read it, for tests that cannot run it (no image can be pulled here).
 *
 * @param compose {@code docker-compose.yml}
 * @param certificates the certificates file beside it
 * @param template nginx's server template
 */
record ComposeExample(Map<String, Object> compose, Map<String, Object> certificates, String template) {

    /** The examples directory, from the cli module where the tests run. */
    static final Path EXAMPLES = Path.of("..", "examples");
    static final Path DIRECTORY = EXAMPLES.resolve("docker-compose");
    static final Path COMPOSE_FILE = DIRECTORY.resolve("docker-compose.yml");
    static final Path CERTIFICATES_FILE = DIRECTORY.resolve("certificates.yml");
    static final Path TEMPLATE = DIRECTORY.resolve("nginx/templates/default.conf.template");

    private static final Pattern NAME_CHAR = Pattern.compile("[A-Za-z0-9_]");

    /** Reads the three files. */
    static ComposeExample read() throws IOException {
        return new ComposeExample(map(yaml(COMPOSE_FILE)), map(yaml(CERTIFICATES_FILE)), Files.readString(TEMPLATE));
    }

    /** A YAML file as maps, lists and scalars (YAML 1.2 core schema). */
    static Object yaml(Path file) throws IOException {
        return new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object yaml) {
        return (Map<String, Object>) yaml;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object yaml) {
        return (List<Object>) yaml;
    }

    Map<String, Object> service(String name) {
        Map<String, Object> service = map(map(compose.get("services")).get(name));
        if (service == null) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return service;
    }

    /** A mapping of a service, such as its environment or labels, with string values. */
    Map<String, String> strings(String service, String key) {
        Map<String, String> strings = new LinkedHashMap<>();
        map(service(service).get(key)).forEach((name, value) -> strings.put(name, String.valueOf(value)));
        return strings;
    }

    /** The short-syntax volumes of a service, each split at ':' into source, target and options. */
    List<String[]> volumes(String service) {
        return list(service(service).get("volumes")).stream().map(volume -> ((String) volume).split(":")).toList();
    }

    /** The mount of a volume or host path in a service: target and options. */
    Optional<String[]> mount(String service, String source) {
        return volumes(service).stream().filter(volume -> volume[0].equals(source)).findFirst();
    }

    /**
     * The nginx configuration the official image makes of the template at start: its entrypoint
     * runs envsubst with the names of the defined environment variables that match
     * {@code NGINX_ENVSUBST_FILTER} (a regular expression, unanchored, as awk's {@code ~}), and
     * envsubst replaces {@code $NAME} and {@code ${NAME}} of those names only. The image's own
     * variables (NGINX_VERSION, PATH, ...) are left out: the example's filter keeps them out too.
     */
    String renderedTemplate() {
        Map<String, String> environment = strings("nginx", "environment");
        Pattern filter = Pattern.compile(environment.getOrDefault("NGINX_ENVSUBST_FILTER", ""));
        String rendered = template;
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            if (filter.matcher(variable.getKey()).find()) {
                rendered = rendered.replace("${" + variable.getKey() + "}", variable.getValue());
                rendered = Pattern.compile("\\$" + Pattern.quote(variable.getKey()) + "(?!" + NAME_CHAR + ")")
                        .matcher(rendered).replaceAll(Matcher.quoteReplacement(variable.getValue()));
            }
        }
        return rendered;
    }
}
