package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.discovery.AllowedDomains;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What can be checked of the deployment examples without running them: the README names every
 * file, the YAML files parse, and the Compose example's files agree with each other and with
 * {@code certkeeper nginx-snippet}. {@link ExamplesIT} has nginx check the configuration.
 */
class ExamplesTest {

    private static final Path README = Path.of("..", "README.md");

    @TempDir
    Path home;

    private static String readmeSection() throws IOException {
        Matcher section = Pattern.compile("\\n## Deployment examples\\n(.*?)(\\n## |$)", Pattern.DOTALL)
                .matcher(Files.readString(README));
        assertThat(section.find()).as("README has a section 'Deployment examples'").isTrue();
        return section.group(1);
    }

    @Test
    void theReadmeNamesEveryExampleFileAndEachExists() throws IOException {
        Set<String> named = new HashSet<>();
        Matcher link = Pattern.compile("\\]\\((examples/[^)]+)\\)").matcher(readmeSection());
        while (link.find()) {
            named.add(link.group(1));
        }
        List<String> files;
        try (Stream<Path> walk = Files.walk(ComposeExample.EXAMPLES)) {
            files = walk.filter(Files::isRegularFile).map(file -> "examples/" + ComposeExample.EXAMPLES.relativize(file)).toList();
        }

        assertThat(named).as("files the README's section links to").isNotEmpty();
        assertThat(files).as("files under examples/").containsAll(named);
        assertThat(named).as("files under examples/ that the README's section explains").containsAll(files);
    }

    @Test
    void everyYamlFileParses() throws IOException {
        for (Path file : List.of(ComposeExample.COMPOSE_FILE, ComposeExample.CERTIFICATES_FILE,
                ComposeExample.EXAMPLES.resolve("certificates.yml"))) {
            assertThat(ComposeExample.yaml(file)).as(file.toString()).isInstanceOf(Map.class);
        }
    }

    @Test
    void certkeeperRunsOnTheMountedFileAndWatchesDocker() throws IOException {
        ComposeExample example = ComposeExample.read();

        List<Object> command = ComposeExample.list(example.service("certkeeper").get("command"));
        assertThat(command).containsExactly("run", "--config", "/etc/certkeeper/certificates.yml", "--docker");
        assertThat(example.mount("certkeeper", "./certificates.yml")).hasValueSatisfying(
                mount -> assertThat(mount).containsExactly("./certificates.yml", "/etc/certkeeper/certificates.yml", "ro"));
        assertThat(example.mount("certkeeper", "/var/run/docker.sock")).hasValueSatisfying(
                mount -> assertThat(mount).containsExactly("/var/run/docker.sock", "/var/run/docker.sock", "ro"));
        assertThat(example.strings("nginx", "labels")).containsEntry("certkeeper.reload-signal", "HUP");
    }

    @Test
    void nginxServesWhatCertkeeperWrites() throws IOException {
        ComposeExample example = ComposeExample.read();
        Map<String, Object> certificates = example.certificates();
        String webroot = (String) ComposeExample.map(certificates.get("challenge")).get("webroot");
        String configDir = (String) certificates.get("config_dir");

        assertThat(certificates).containsEntry("placeholder", true).doesNotContainKey("reload");
        for (String volume : List.of("challenges", "certificates")) {
            String[] writer = example.mount("certkeeper", volume).orElseThrow();
            String[] reader = example.mount("nginx", volume).orElseThrow();
            assertThat(writer).as(volume + " in certkeeper").hasSize(2);
            assertThat(reader).as(volume + " in nginx, read-only").containsExactly(volume, writer[1], "ro");
            assertThat(writer[1]).isEqualTo(volume.equals("challenges") ? webroot : configDir);
        }
        assertThat(example.template()).contains("root " + webroot + ";")
                .contains("ssl_certificate     " + configDir + "/live/${SITE_CERT_NAME}/fullchain.pem;");
    }

    @Test
    void theNamesAgreeAcrossTheApplicationNginxAndTheHealthcheck() throws IOException {
        ComposeExample example = ComposeExample.read();
        Map<String, String> app = example.strings("app", "labels");
        Map<String, String> nginx = example.strings("nginx", "environment");
        String configDir = (String) example.certificates().get("config_dir");

        assertThat(nginx.get("SITE_CERT_NAME")).isEqualTo(app.get("certkeeper.name"));
        assertThat(nginx.get("SITE_DOMAINS")).isEqualTo(app.get("certkeeper.domains").replace(',', ' '));
        assertThat(nginx.get("SITE_UPSTREAM")).isEqualTo("app:80");
        List<String> allowed = ComposeExample.list(ComposeExample.map(example.certificates().get("docker"))
                .get("allowed_domains")).stream().map(String.class::cast).toList();
        assertThat(Arrays.stream(app.get("certkeeper.domains").split(",")).map(DomainName::of))
                .as("the app's names, allowed to containers").allMatch(new AllowedDomains(allowed)::allows);
        List<Object> healthcheck = ComposeExample.list(ComposeExample.map(example.service("certkeeper").get("healthcheck")).get("test"));
        assertThat(healthcheck).containsExactly("CMD", "test", "-s",
                configDir + "/live/" + app.get("certkeeper.name") + "/fullchain.pem");
        Map<String, Object> dependsOn = ComposeExample.map(example.service("nginx").get("depends_on"));
        assertThat(ComposeExample.map(dependsOn.get("certkeeper"))).containsEntry("condition", "service_healthy");
    }

    @Test
    void composeInterpolatesOnlyTheDockerGroup() throws IOException {
        List<String> scalars = new ArrayList<>();
        collectStrings(ComposeExample.yaml(ComposeExample.COMPOSE_FILE), scalars);
        Set<String> interpolated = new HashSet<>();
        Matcher variable = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))")
                .matcher(String.join("\n", scalars).replace("$$", ""));
        while (variable.find()) {
            interpolated.add(variable.group(1) != null ? variable.group(1) : variable.group(2));
        }

        assertThat(interpolated).containsExactly("DOCKER_GID");
    }

    @Test
    void theTemplateLeavesNginxVariablesAndSubstitutesOnlyItsOwn() throws IOException {
        ComposeExample example = ComposeExample.read();
        String rendered = example.renderedTemplate();

        assertThat(example.strings("nginx", "environment")).containsEntry("NGINX_ENVSUBST_FILTER", "^SITE_");
        assertThat(rendered).doesNotContain("${").contains("server_name example.com www.example.com;")
                .contains("return 301 https://$host$request_uri;").contains("set $app_upstream http://app:80;")
                .contains("ssl_certificate_key /etc/letsencrypt/live/example.com/privkey.pem;");
    }

    @Test
    void theTemplateHoldsWhatNginxSnippetPrints() throws IOException {
        ComposeExample example = ComposeExample.read();
        Map<String, Object> certificates = example.certificates();
        String webroot = (String) ComposeExample.map(certificates.get("challenge")).get("webroot");
        String name = example.strings("nginx", "environment").get("SITE_CERT_NAME");
        CliRun run = CliRun.run(home, "nginx-snippet", "-w", webroot, "--cert-name", name,
                "--config-dir", (String) certificates.get("config_dir"));
        assertThat(run.exitCode()).as(run.toString()).isZero();

        List<String> template = directives(example.renderedTemplate());
        List<String> printed = directives(run.out());
        assertThat(template).containsSubsequence(printed.subList(0, 4)).containsSubsequence(printed.subList(4, 6));
    }

    private static List<String> directives(String config) {
        return config.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    private static void collectStrings(Object yaml, List<String> strings) {
        if (yaml instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                collectStrings(key, strings);
                collectStrings(value, strings);
            });
        } else if (yaml instanceof List<?> list) {
            list.forEach(item -> collectStrings(item, strings));
        } else if (yaml instanceof String string) {
            strings.add(string);
        }
    }
}
