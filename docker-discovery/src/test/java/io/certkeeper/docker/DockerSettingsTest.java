package io.certkeeper.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.discovery.AllowedDomains;
import io.certkeeper.acme.discovery.DiscoveryRules;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerSettingsTest {

    @Test
    void withoutDockerHostTheEnginesDefaultSocketIsUsed() {
        DockerSettings settings = DockerSettings.fromEnvironment(Map.of("DOCKER_HOST", " "));

        assertThat(settings.host()).isEqualTo(URI.create("unix:///var/run/docker.sock"));
        assertThat(settings.debounce()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void dockerHostNamesASocketOrATcpAddress() {
        assertThat(DockerSettings.fromEnvironment(Map.of("DOCKER_HOST", "unix:///run/user/1000/docker.sock")).host())
                .isEqualTo(URI.create("unix:///run/user/1000/docker.sock"));
        assertThat(DockerSettings.fromEnvironment(Map.of("DOCKER_HOST", "tcp://10.0.0.5:2375")).host())
                .isEqualTo(URI.create("tcp://10.0.0.5:2375"));
        assertThat(DockerSettings.fromEnvironment(Map.of("DOCKER_HOST", "tcp://docker")).host())
                .isEqualTo(URI.create("tcp://docker:2375"));
    }

    @Test
    void unsupportedAddressesAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> DockerSettings.fromEnvironment(Map.of("DOCKER_HOST", "ssh://me@host")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DOCKER_HOST: 'ssh://me@host' is not supported: use unix:///path/to/docker.sock or "
                        + "tcp://host:port");
        assertThatThrownBy(() -> DockerSettings.fromEnvironment(Map.of("DOCKER_HOST", "unix://var/run/docker.sock")))
                .hasMessage("DOCKER_HOST: 'unix://var/run/docker.sock' is not a socket address: write "
                        + "unix:///path/to/docker.sock, with three slashes");
        assertThatThrownBy(() -> DockerSettings.fromEnvironment(Map.of("DOCKER_HOST", "tcp://")))
                .hasMessageStartingWith("DOCKER_HOST 'tcp://' is not an address");
    }

    @Test
    void tlsIsRefusedForTcpButIgnoredForTheSocket() {
        assertThatThrownBy(() -> DockerSettings.fromEnvironment(Map.of("DOCKER_HOST", "tcp://h:2376",
                "DOCKER_TLS_VERIFY", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DOCKER_TLS_VERIFY");
        assertThat(DockerSettings.fromEnvironment(Map.of("DOCKER_TLS_VERIFY", "1")).host())
                .isEqualTo(DockerSettings.DEFAULT_HOST);
    }

    @Test
    void debounceComesFromTheEnvironmentInMilliseconds() {
        assertThat(DockerSettings.fromEnvironment(Map.of("CERTKEEPER_DOCKER_DEBOUNCE_MS", "250")).debounce())
                .isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> DockerSettings.fromEnvironment(Map.of("CERTKEEPER_DOCKER_DEBOUNCE_MS", "3s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CERTKEEPER_DOCKER_DEBOUNCE_MS '3s' must be a number of milliseconds between 0 and 3600000");
        assertThatThrownBy(() -> DockerSettings.fromEnvironment(Map.of("CERTKEEPER_DOCKER_DEBOUNCE_MS", "-1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reconnectionDelaysMustBePositiveAndOrdered() {
        DockerSettings settings = DockerSettings.of(DockerSettings.DEFAULT_HOST);

        assertThat(settings.withReconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1)).reconnectDelay())
                .isEqualTo(Duration.ofMillis(100));
        assertThatThrownBy(() -> settings.withReconnectDelays(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings.withReconnectDelays(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noContainerIsAllowedANameUntilRulesSayWhich() {
        DockerSettings settings = DockerSettings.of(DockerSettings.DEFAULT_HOST);
        DiscoveryRules rules = new DiscoveryRules(AllowedDomains.of("*.example.com"), true);

        assertThat(settings.rules()).isEqualTo(DiscoveryRules.NONE);
        assertThat(DockerSettings.fromEnvironment(Map.of()).rules()).isEqualTo(DiscoveryRules.NONE);
        assertThat(settings.withRules(rules).rules()).isEqualTo(rules);
        assertThat(settings.withRules(rules).withDebounce(Duration.ZERO).rules()).as("kept by the other withers").isEqualTo(rules);
    }
}
