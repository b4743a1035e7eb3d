package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.testing.FreePorts;
import io.certkeeper.acme.testing.Pebble;
import io.certkeeper.acme.testing.RequiresPebble;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A renewal whose config directory lies on a full file system: the real launcher
 * ({@code target/certkeeper/bin/certkeeper}) runs {@code certonly --standalone --force-renewal}
 * against a real Pebble, with {@code --config-dir} on a 1 MiB tmpfs that a filler file has filled.
 * The tmpfs lives in a private mount namespace ({@link PrivateTmpfs}), so the launcher runs in it
 * as a child process; needs root, as CI has.
 */
@RequiresPebble
class CertonlyFullDiskIT {

    private static final String NAME = "full.disk.test";

    @TempDir
    Path home;

    @Test
    void aRenewalOnAFullDiskExits74NamingThePathAndTheCertificateStaysServed() throws Exception {
        PrivateTmpfs.requireMountable();
        Path mountPoint = Files.createDirectory(home.resolve("mnt"));
        Path configDir = mountPoint.resolve("certkeeper");
        try (Pebble pebble = Pebble.builder().httpPort(FreePorts.tcp()).start();
                PrivateTmpfs tmpfs = PrivateTmpfs.mount(mountPoint, "1m")) {
            Launch issued = certonly(tmpfs, pebble, configDir);
            assertThat(issued.exitCode()).as(issued + pebble.logs()).isZero();
            Path seen = tmpfs.outside(configDir);
            IssuedFiles files = IssuedFiles.of(seen, NAME);
            files.assertComplete(pebble.issuingRoot());
            Map<String, String> before = contents(seen);
            Path filler = tmpfs.fill("filler");

            Launch renewal = certonly(tmpfs, pebble, configDir, "--force-renewal");

            assertThat(renewal.exitCode()).as(renewal + pebble.logs()).isEqualTo(ExitCode.IO);
            assertThat(renewal.errorLines()).as(renewal.toString()).singleElement().asString()
                    .startsWith("certkeeper: Cannot write " + configDir.resolve("archive").resolve(NAME) + "/")
                    .contains("no space left on device", "free some space", "the certificate in place was not changed");
            assertThat(contents(seen)).as("every file and link, byte for byte").isEqualTo(before);
            files.assertComplete(pebble.issuingRoot());

            Files.delete(filler);
            Launch retried = certonly(tmpfs, pebble, configDir, "--force-renewal");
            assertThat(retried.exitCode()).as(retried + pebble.logs()).isZero();
            assertThat(files.archiveTarget("fullchain.pem")).endsWith("/fullchain2.pem");
            files.assertComplete(pebble.issuingRoot());
        }
    }

    /** Runs the launcher in the tmpfs's namespace, answering the challenge on Pebble's validation port. */
    private Launch certonly(PrivateTmpfs tmpfs, Pebble pebble, Path configDir, String... extra)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(launcher().toString()));
        command.addAll(CliArgs.certonly(pebble, configDir).with("--email", "ops@example.test").standalone(pebble)
                .domains(NAME).with(extra).list());
        Path out = Files.createTempFile(home, "stdout", ".txt");
        Path err = Files.createTempFile(home, "stderr", ".txt");
        ProcessBuilder builder = tmpfs.inside(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("HOME", home.toString());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("certkeeper did not finish within a minute: " + Files.readString(err));
        }
        return new Launch(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The real launcher, which the package phase assembles before Failsafe runs. */
    private static Path launcher() {
        Path launcher = Path.of(System.getProperty("basedir", ""), "target", "certkeeper", "bin", "certkeeper").toAbsolutePath();
        assertThat(launcher).as("the assembled launcher; run 'mvn verify', not the test alone").isExecutable();
        return launcher;
    }

    /** Every file and link under the config dir but the lock file: link targets, file bytes. */
    private static Map<String, String> contents(Path configDir) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(configDir)) {
            for (Path path : walk.toList()) {
                String relative = configDir.relativize(path).toString();
                if (Files.isSymbolicLink(path)) {
                    contents.put(relative, "-> " + Files.readSymbolicLink(path));
                } else if (Files.isRegularFile(path) && !relative.equals(".certkeeper.lock")) {
                    contents.put(relative, new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
                }
            }
        }
        return contents;
    }

    /** What one run of the launcher printed and returned. */
    private record Launch(int exitCode, String out, String err) {

        List<String> errorLines() {
            return err.lines().filter(line -> line.startsWith("certkeeper: ")).toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
