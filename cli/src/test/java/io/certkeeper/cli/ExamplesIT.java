package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.testing.Nginx;
import io.certkeeper.acme.testing.Prerequisites;
import io.certkeeper.acme.testing.RequiresNginx;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment examples, checked by the programs that read them: the Compose example's nginx
 * template, rendered with the values docker-compose.yml gives as the official nginx image renders
 * it, passes {@code nginx -t} of the real nginx, with a generated certificate in the place of the
 * one certkeeper writes; and {@code systemd-analyze verify} has nothing to say about the systemd
 * units.
 */
class ExamplesIT {

    private static final Path SYSTEMD = ComposeExample.EXAMPLES.resolve("systemd");

    @TempDir
    Path temp;

    @Test
    @RequiresNginx
    void nginxAcceptsTheRenderedTemplate() throws Exception {
        ComposeExample example = ComposeExample.read();
        Map<String, Object> certificates = example.certificates();
        String configDir = (String) certificates.get("config_dir");
        String webroot = (String) ComposeExample.map(certificates.get("challenge")).get("webroot");
        String name = example.strings("nginx", "environment").get("SITE_CERT_NAME");
        Path localConfigDir = temp.resolve("letsencrypt");
        Path localWebroot = Files.createDirectories(temp.resolve("challenge"));
        String rendered = example.renderedTemplate();
        assertThat(rendered).contains(configDir + "/live/" + name + "/").contains("root " + webroot + ";");
        String local = rendered.replace(configDir + "/", localConfigDir + "/").replace(webroot, localWebroot.toString());

        assertThatThrownBy(() -> Nginx.checkConfig(local)).as("nginx -t reads the certificate files")
                .hasMessageContaining(name + "/fullchain.pem");
        new LineageFixture(localConfigDir).save(name, KeySpec.EC_P256, Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(90)), name, "www." + name);
        String output = Nginx.checkConfig(local);

        assertThat(output).contains("test is successful").doesNotContain("[warn]").doesNotContain("[emerg]");
    }

    @Test
    void systemdAcceptsTheUnits() throws Exception {
        Path systemdAnalyze = Prerequisites.require("systemd-analyze", "systemd");
        Path root = Files.createDirectories(temp.resolve("root"));
        Path units = Files.createDirectories(root.resolve("etc/systemd/system"));
        // The units' dependencies (sysinit.target, timers.target, ...) and the programs they run.
        Path systemUnits = Files.isDirectory(Path.of("/usr/lib/systemd/system")) ? Path.of("/usr/lib/systemd/system")
                : Path.of("/lib/systemd/system");
        copyTree(systemUnits, root.resolve(Path.of("/").relativize(systemUnits)));
        if (systemUnits.startsWith("/usr")) {
            Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib")); // merged /usr, as the host
        }
        for (String program : List.of("opt/certkeeper/bin/certkeeper", "bin/kill")) {
            Path stub = Files.createDirectories(root.resolve(program).getParent()).resolve(Path.of(program).getFileName());
            Files.writeString(stub, "#!/bin/sh\n");
            Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(SYSTEMD)) {
            for (Path unit : (Iterable<Path>) files.sorted()::iterator) {
                Files.copy(unit, units.resolve(unit.getFileName()));
                names.add(units.resolve(unit.getFileName()).toString());
            }
        }
        assertThat(names).hasSize(3);
        Files.writeString(units.resolve("broken.service"), "[Service]\nExecStart=/bin/kill\nRestart=sometimes\n");

        String broken = verify(systemdAnalyze, root, List.of(units.resolve("broken.service").toString()));
        String output = verify(systemdAnalyze, root, names);

        assertThat(broken).as("systemd-analyze verify reports what is wrong").contains("sometimes");
        assertThat(output).as("systemd-analyze verify on " + names).isEmpty();
    }

    private static String verify(Path systemdAnalyze, Path root, List<String> units) throws Exception {
        List<String> command = new ArrayList<>(List.of(systemdAnalyze.toString(), "verify", "--man=no", "--root=" + root));
        command.addAll(units);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("systemd-analyze verify finished").isTrue();
        return output;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isSymbolicLink(source)) {
                    Path link = Files.readSymbolicLink(source);
                    if (!link.isAbsolute()) { // absolute ones mask units (to /dev/null) that no unit here needs
                        Files.createDirectories(target.getParent());
                        Files.createSymbolicLink(target, link);
                    }
                } else if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
