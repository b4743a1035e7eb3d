package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.testing.PebbleServer;
import io.certkeeper.acme.testing.RequiresPebble;
import io.certkeeper.docker.testing.DockerServer;
import io.certkeeper.docker.testing.RequiresDocker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certkeeper run --docker}, the whole original setup in one process: containers labelled
 * with their names get certificates from a real Pebble through certkeeper's own responder, a new
 * container's names are issued, a stopped one's are no longer renewed, and the container labelled
 * {@code certkeeper.reload-signal=HUP} (nginx's place) gets the signal after each change; a
 * container can neither take over a lineage that certonly made nor get a name outside
 * {@code docker.allowed_domains}. The engine is a real dockerd the test starts on a socket of its own.
 */
@RequiresPebble
@RequiresDocker
class RunDockerIT {

    private static final Duration ORDER = Duration.ofSeconds(60);
    private static final String TRAP_HUP = "trap 'echo hup >> /out/signals' HUP; while true; do sleep 1; done";
    private static final String IDLE = "while true; do sleep 1; done";

    @RegisterExtension
    static final PebbleServer pebble = PebbleServer.withDefaults();

    @RegisterExtension
    static final DockerServer docker = new DockerServer();

    @TempDir
    Path home;

    @BeforeEach
    void noContainers() {
        docker.get().removeAllContainers();
    }

    @Test
    void containersLabelsAreIssuedFollowedAndTheLabelledServerIsSignalled() throws Exception {
        Path signals = Files.createDirectories(home.resolve("nginx-out"));
        docker.get().run("nginx", Map.of("certkeeper.reload-signal", "HUP"), TRAP_HUP, "-v", signals + ":/out");
        docker.get().run("app", Map.of("certkeeper.domains", "app.docker.test,www.app.docker.test"), IDLE);
        Path configDir = home.resolve("etc");
        Path file = home.resolve("certificates.yml");
        Files.writeString(file, """
                ca: %s
                ca_bundle: %s
                agree_tos: true
                config_dir: %s
                challenge: standalone
                responder: {address: 127.0.0.1, port: %d}
                docker: {allowed_domains: ["*.docker.test", "*.app.docker.test"]}
                certificates: []
                """.formatted(pebble.directoryUrl(), pebble.caBundle(), configDir, pebble.httpPort()));

        try (RunningCertkeeper run = RunningCertkeeper.start(home, Map.of("DOCKER_HOST", docker.get().host().toString(),
                "CERTKEEPER_DOCKER_DEBOUNCE_MS", "300"), "run", "--config", file.toString(), "--docker")) {
            run.awaitLine("app\\.docker\\.test: issued, version 1", ORDER);
            IssuedFiles.of(configDir, "app.docker.test").assertComplete(pebble.issuingRoot());
            assertThat(IssuedFiles.of(configDir, "app.docker.test").dnsNames())
                    .containsExactlyInAnyOrder("app.docker.test", "www.app.docker.test");
            awaitSignals(signals, "hup\n", run);

            // The original setup's label, on a container started while certkeeper runs.
            docker.get().run("blog", Map.of("nginx-virtual-host", "blog.docker.test", "certkeeper.key-type", "rsa"), IDLE);
            run.awaitLine("blog\\.docker\\.test: issued, version 1", ORDER);
            assertThat(IssuedFiles.of(configDir, "blog.docker.test").leaf().getPublicKey().getAlgorithm()).isEqualTo("RSA");
            awaitSignals(signals, "hup\nhup\n", run);

            docker.get().docker("stop", "-t", "0", "app");
            run.awaitLine("app\\.docker\\.test: removed from the configuration; no longer renewed, its files are kept",
                    Duration.ofSeconds(30));
            assertThat(configDir.resolve("live/app.docker.test/fullchain.pem")).exists();

            run.signal("TERM");
            assertThat(run.awaitExit(Duration.ofSeconds(20))).as(run.toString()).isZero();
        }
    }

    @Test
    void aContainerNeitherTakesOverALineageItDidNotMakeNorGetsANameOutsideTheAllowedDomains() throws Exception {
        Path configDir = home.resolve("etc");
        CliRun certonly = CliRun.run(home, CliArgs.certonly(pebble.get(), configDir).standalone(pebble.get())
                .with("--deploy-hook", "true").domains("main.docker.test", "www.main.docker.test"));
        assertThat(certonly.exitCode()).as(certonly.toString()).isZero();
        Path settings = configDir.resolve("certkeeper/main.docker.test.json");
        byte[] settingsBefore = Files.readAllBytes(settings);
        assertThat(new String(settingsBefore, StandardCharsets.UTF_8)).contains("\"origin\": \"certonly\"")
                .contains("\"deploy\": \"true\"");
        Map<String, byte[]> liveBefore = live(configDir, "main.docker.test");

        docker.get().run("evil", Map.of("certkeeper.name", "main.docker.test", "certkeeper.domains", "evil.docker.test"),
                IDLE);
        docker.get().run("outsider", Map.of("certkeeper.domains", "shop.elsewhere.test"), IDLE);
        docker.get().run("good", Map.of("certkeeper.domains", "good.docker.test"), IDLE);
        Path file = home.resolve("certificates.yml");
        Files.writeString(file, """
                ca: %s
                ca_bundle: %s
                agree_tos: true
                config_dir: %s
                challenge: standalone
                responder: {address: 127.0.0.1, port: %d}
                docker: {allowed_domains: ["*.docker.test"]}
                certificates: []
                """.formatted(pebble.directoryUrl(), pebble.caBundle(), configDir, pebble.httpPort()));

        try (RunningCertkeeper run = RunningCertkeeper.start(home, Map.of("DOCKER_HOST", docker.get().host().toString(),
                "CERTKEEPER_DOCKER_DEBOUNCE_MS", "300"), "run", "--config", file.toString(), "--docker")) {
            run.awaitLine("main\\.docker\\.test: skipping container evil: certificate main\\.docker\\.test was made "
                    + "by certonly, not by the docker source, which may change only the certificates it made; to hand it "
                    + "over, delete it first \\(certkeeper delete --cert-name main\\.docker\\.test\\)$", ORDER);
            // The scan that found the good container reported the outsider: that warning is written by then.
            run.awaitLine("good\\.docker\\.test: issued, version 1", ORDER);
            assertThat((run.err() + run.out()).lines().filter(line -> line.contains("outsider")))
                    .singleElement().asString().endsWith("skipping container outsider: it asks for certificate "
                            + "shop.elsewhere.test with a name outside the allowed domains: shop.elsewhere.test");

            // A container change re-reads the labels: still skipped, still untouched.
            docker.get().run("later", Map.of("certkeeper.domains", "later.docker.test"), IDLE);
            run.awaitLine("later\\.docker\\.test: issued, version 1", ORDER);
            run.signal("TERM");
            assertThat(run.awaitExit(Duration.ofSeconds(20))).as(run.toString()).isZero();
            assertThat(run.out()).doesNotContainPattern("main\\.docker\\.test: (issued|renewed|settings changed|self-signed)")
                    .doesNotContain("shop.elsewhere.test:");
            assertThat(run.out().lines().filter(line -> line.contains("skipping container evil"))).hasSizeGreaterThanOrEqualTo(2);
        }
        assertThat(Files.readAllBytes(settings)).as("main.docker.test.json, byte for byte").isEqualTo(settingsBefore);
        assertThat(IssuedFiles.of(configDir, "main.docker.test").dnsNames())
                .containsExactlyInAnyOrder("main.docker.test", "www.main.docker.test");
        Map<String, byte[]> liveAfter = live(configDir, "main.docker.test");
        assertThat(liveAfter.keySet()).isEqualTo(liveBefore.keySet());
        liveBefore.forEach((name, bytes) -> assertThat(liveAfter.get(name)).as(name).isEqualTo(bytes));
        assertThat(configDir.resolve("live/shop.elsewhere.test")).doesNotExist();
        assertThat(configDir.resolve("certkeeper/shop.elsewhere.test.json")).doesNotExist();
        assertThat(configDir.resolve("live/evil.docker.test")).doesNotExist();
    }

    private static Map<String, byte[]> live(Path configDir, String name) throws Exception {
        Map<String, byte[]> files = new java.util.TreeMap<>();
        try (var entries = Files.list(configDir.resolve("live").resolve(name))) {
            for (Path entry : entries.toList()) {
                files.put(entry.getFileName() + " -> " + (Files.isSymbolicLink(entry) ? Files.readSymbolicLink(entry) : ""),
                        Files.readAllBytes(entry));
            }
        }
        return files;
    }

    private static void awaitSignals(Path signals, String expected, RunningCertkeeper run) throws Exception {
        Path file = signals.resolve("signals");
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).equals(expected)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the nginx container's signals: " + (Files.exists(file) ? Files.readString(file) : "none")
                + ", expected " + expected.replace("\n", " ") + "\n" + run);
    }
}
