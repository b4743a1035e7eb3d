package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.testing.PebbleServer;
import io.certkeeper.acme.testing.RequiresPebble;
import io.certkeeper.docker.testing.DockerServer;
import io.certkeeper.docker.testing.RequiresDocker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certkeeper run --docker}, the whole original setup in one process: containers labelled
 * with their names get certificates from a real Pebble through certkeeper's own responder, a new
 * container's names are issued, a stopped one's are no longer renewed, and the container labelled
 * {@code certkeeper.reload-signal=HUP} (nginx's place) gets the signal after each change. The
 * engine is a real dockerd the test starts on a socket of its own.
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
