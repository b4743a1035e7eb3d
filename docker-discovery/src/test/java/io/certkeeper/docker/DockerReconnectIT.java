package io.certkeeper.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.discovery.AllowedDomains;
import io.certkeeper.acme.discovery.DiscoveredCertificate;
import io.certkeeper.acme.discovery.DiscoveryRules;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.docker.testing.DockerServer;
import io.certkeeper.docker.testing.RequiresDocker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A watch outlives a restart of the engine; its own engine, since the test stops it. */
@RequiresDocker
@Timeout(60)
class DockerReconnectIT {

    @RegisterExtension
    static final DockerServer docker = new DockerServer();

    private static final String IDLE = "while true; do sleep 1; done";
    private static final Duration DEBOUNCE = Duration.ofMillis(200);
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void afterTheEngineRestartedTheWatchReconnectsReportsAChangeAndFollowsNewContainers() throws Exception {
        Semaphore changes = new Semaphore(0);
        DockerSettings settings = DockerSettings.of(docker.get().host()).withDebounce(DEBOUNCE)
                .withReconnectDelays(Duration.ofMillis(100), Duration.ofMillis(500))
                .withRules(DiscoveryRules.allowing(AllowedDomains.of("*.example.com")));
        docker.get().run("before", Map.of("certkeeper.domains", "before.example.com"), IDLE);

        try (DockerCertificateSource source = DockerCertificateSource.open(settings)) {
            source.watch(changes::release);
            assertThat(names(source)).containsExactly("before.example.com");
            // An engine without containers stops without container events: a call after it comes
            // back can only come from the reconnection.
            docker.get().removeAllContainers();
            assertThat(changes.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("changed after removal").isTrue();
            assertThat(changes.tryAcquire(DEBOUNCE.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS)).isFalse();

            docker.get().stopEngine();
            assertThatThrownBy(source::certificates)
                    .isInstanceOf(CertkeeperException.class)
                    .hasMessageStartingWith("cannot list the running containers: the Docker engine at "
                            + docker.get().host() + " cannot be reached (");
            TimeUnit.MILLISECONDS.sleep(500);
            assertThat(changes.availablePermits()).as("changed while the engine was down").isZero();
            docker.get().startEngine();

            assertThat(changes.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("changed after reconnecting")
                    .isTrue();
            assertThat(names(source)).isEmpty();

            docker.get().run("after", Map.of("certkeeper.domains", "after.example.com"), IDLE);
            assertThat(changes.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("changed after a start on the new stream").isTrue();
            assertThat(names(source)).containsExactly("after.example.com");
        }
    }

    private static List<String> names(DockerCertificateSource source) throws CertkeeperException {
        return source.certificates().stream().map(DiscoveredCertificate::name).toList();
    }
}
