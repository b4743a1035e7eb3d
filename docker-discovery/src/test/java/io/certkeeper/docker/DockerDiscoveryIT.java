package io.certkeeper.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.discovery.AllowedDomains;
import io.certkeeper.acme.discovery.DiscoveredCertificate;
import io.certkeeper.acme.discovery.DiscoveryRules;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.store.Lineage;
import io.certkeeper.acme.testing.TestPki;
import io.certkeeper.docker.testing.DockerServer;
import io.certkeeper.docker.testing.RequiresDocker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Discovery against a real Docker engine and real containers. */
@RequiresDocker
@Timeout(60)
class DockerDiscoveryIT {

    @RegisterExtension
    static final DockerServer docker = new DockerServer();

    /** Runs until stopped; reports a SIGHUP in /out/signals, if a directory is mounted there. */
    private static final String TRAP_HUP = "trap 'echo hup >> /out/signals' HUP; while true; do sleep 1; done";
    private static final String IDLE = "while true; do sleep 1; done";
    private static final Duration DEBOUNCE = Duration.ofMillis(500);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path temp;

    @BeforeEach
    void noContainers() {
        docker.get().removeAllContainers();
    }

    @Test
    void discoversExactlyWhatTheRunningContainersLabelsAskFor() throws CertkeeperException {
        run("web-a", Map.of("certkeeper.domains", "a.example.com,www.a.example.com"));
        run("web-b", Map.of("certkeeper.domains", "b.example.com", "certkeeper.name", "bee",
                "certkeeper.key-type", "rsa"));
        run("legacy", Map.of("nginx-virtual-host", "legacy.example.com"));
        run("both", Map.of("certkeeper.domains", "c.example.com", "nginx-virtual-host", "c.example.com,www.c.example.com"));
        run("shared-1", Map.of("certkeeper.domains", "s1.example.com", "certkeeper.name", "shared",
                "certkeeper.key-type", "ecdsa"));
        run("shared-2", Map.of("certkeeper.domains", "s2.example.com,s1.example.com", "certkeeper.name", "shared",
                "certkeeper.key-type", "rsa"));
        run("wildcard", Map.of("certkeeper.domains", "*.example.com"));
        run("outsider", Map.of("certkeeper.domains", "evil.test"));
        run("bad-key", Map.of("certkeeper.domains", "k.example.com", "certkeeper.key-type", "dsa"));
        run("plain", Map.of());
        docker.get().docker("create", "--network", "none", "--name", "stopped", "--label",
                "certkeeper.domains=stopped.example.com", "certkeeper-busybox:test", "/bin/sh", "-c", IDLE);

        try (DockerCertificateSource source = open()) {
            assertThat(source.certificates()).containsExactly(
                    certificate("a.example.com", List.of("a.example.com", "www.a.example.com"), null, "container web-a"),
                    certificate("bee", List.of("b.example.com"), KeySpec.RSA_2048, "container web-b"),
                    certificate("c.example.com", List.of("c.example.com", "www.c.example.com"), null, "container both"),
                    certificate("legacy.example.com", List.of("legacy.example.com"), null, "container legacy"),
                    certificate("shared", List.of("s1.example.com", "s2.example.com"), KeySpec.EC_P256,
                            "containers shared-1, shared-2"));
        }
    }

    @Test
    void watchReportsABurstOnceAndTheSetFollowsTheContainers() throws Exception {
        run("first", Map.of("certkeeper.domains", "first.example.com"));
        run("second", Map.of("certkeeper.domains", "second.example.com"));
        Semaphore changes = new Semaphore(0);

        try (DockerCertificateSource source = open()) {
            source.watch(changes::release);
            assertThat(names(source)).containsExactly("first.example.com", "second.example.com");

            // die and stop: two events, one call
            docker.get().docker("stop", "--time", "0", "first");
            assertThat(changes.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("changed after a stop").isTrue();
            assertThat(changes.tryAcquire(DEBOUNCE.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS))
                    .as("a second call for the same burst").isFalse();
            assertThat(names(source)).containsExactly("second.example.com");

            run("third", Map.of("certkeeper.domains", "third.example.com"));
            assertThat(changes.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("changed after a start").isTrue();
            assertThat(names(source)).containsExactly("second.example.com", "third.example.com");

            docker.get().docker("rm", "-f", "second", "third");
            assertThat(changes.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("changed after removals").isTrue();
            assertThat(changes.tryAcquire(DEBOUNCE.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS))
                    .as("a second call for the same burst").isFalse();
            assertThat(names(source)).isEmpty();
        }
        await("the source's threads stop after close", () -> threads("certkeeper-docker-watch", "docker-java-stream-")
                .isEmpty());
    }

    @Test
    void deployedSignalsEveryLabelledContainerAndNoOther() throws Exception {
        Path nginx = mountable("nginx");
        Path other = mountable("other");
        Path unknown = mountable("unknown");
        // The oldest first: its bad signal is tried first and must not keep the others from theirs.
        run("bogus", Map.of("certkeeper.reload-signal", "NOSUCHSIGNAL"), TRAP_HUP, "-v", unknown + ":/out");
        run("nginx", Map.of("certkeeper.reload-signal", "HUP"), TRAP_HUP, "-v", nginx + ":/out");
        run("other", Map.of("certkeeper.domains", "other.example.com"), TRAP_HUP, "-v", other + ":/out");

        try (DockerCertificateSource source = open()) {
            assertThatCode(() -> source.deployed(lineage())).doesNotThrowAnyException();

            await("nginx got SIGHUP", () -> read(nginx).equals("hup\n"));
            // The trap runs between two one-second sleeps: give a wrongly sent signal as long to show.
            TimeUnit.MILLISECONDS.sleep(1500);
            assertThat(read(other)).as("the container without the label").isEmpty();
            assertThat(read(unknown)).as("the container with an unknown signal").isEmpty();
            assertThat(read(nginx)).as("one signal, once").isEqualTo("hup\n");
        }
    }

    @Test
    void aClosedSourceRefusesToReadAndClosesTwice() throws CertkeeperException {
        DockerCertificateSource source = open();
        source.close();
        source.close();

        assertThatThrownBy(source::certificates)
                .isInstanceOf(IllegalStateException.class);
        assertThatCode(() -> source.deployed(lineage())).doesNotThrowAnyException();
    }

    private DockerCertificateSource open() throws CertkeeperException {
        return DockerCertificateSource.open(DockerSettings.of(docker.get().host()).withDebounce(DEBOUNCE)
                .withRules(new DiscoveryRules(AllowedDomains.of("*.example.com", "*.a.example.com", "*.c.example.com"), true)));
    }

    private static void run(String name, Map<String, String> labels) {
        run(name, labels, IDLE);
    }

    private static void run(String name, Map<String, String> labels, String script, String... options) {
        docker.get().run(name, labels, script, options);
    }

    private Path mountable(String name) throws IOException {
        Path directory = Files.createDirectory(temp.resolve(name));
        Files.createFile(directory.resolve("signals"));
        return directory;
    }

    private static String read(Path directory) {
        try {
            return Files.readString(directory.resolve("signals"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> names(DockerCertificateSource source) throws CertkeeperException {
        return source.certificates().stream().map(DiscoveredCertificate::name).toList();
    }

    private static DiscoveredCertificate certificate(String name, List<String> domains, KeySpec keySpec, String origin) {
        return new DiscoveredCertificate(name, domains.stream().map(DomainName::of).toList(),
                Optional.ofNullable(keySpec), origin);
    }

    private static Lineage lineage() {
        TestPki pki = new TestPki("certkeeper docker test CA");
        KeyPair key = KeySpec.EC_P256.generate();
        Instant now = Instant.now();
        return new Lineage("a.example.com", Path.of("/nonexistent/live/a.example.com"), 1,
                List.of(pki.issue(key, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(90)), "a.example.com"),
                        pki.caCertificate()), key.getPrivate());
    }

    private static List<String> threads(String... prefixes) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> Arrays.stream(prefixes).anyMatch(name::startsWith))
                .toList();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + " did not happen within " + WAIT.toSeconds() + " s\n" + docker.get().log());
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }
}
