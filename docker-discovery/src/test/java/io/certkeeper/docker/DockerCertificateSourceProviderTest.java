package io.certkeeper.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.discovery.CertificateSourceProvider;
import io.certkeeper.acme.discovery.DiscoveryRules;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerCertificateSourceProviderTest {

    @TempDir
    Path temp;

    @Test
    void theCliFindsTheProviderByName() {
        assertThat(ServiceLoader.load(CertificateSourceProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(provider -> provider.name().equals("docker")))
                .singleElement()
                .isInstanceOf(DockerCertificateSourceProvider.class);
    }

    @Test
    void aMissingSocketIsReportedWithTheAddressAndHowToMountIt() {
        Path socket = temp.resolve("docker.sock");

        assertThatThrownBy(() -> new DockerCertificateSourceProvider().open(Map.of("DOCKER_HOST", "unix://" + socket), DiscoveryRules.NONE))
                .isInstanceOf(CertkeeperException.class)
                .hasMessageStartingWith("cannot connect: the Docker engine at unix://" + socket + " cannot be reached (")
                .hasMessageEndingWith("); there is no socket there: mount the engine's socket into certkeeper's "
                        + "container (-v /var/run/docker.sock:/var/run/docker.sock) or set DOCKER_HOST")
                .message().doesNotContain("\n");
    }

    @Test
    void aSocketNobodyListensOnAsksWhetherTheEngineRunsAndMayBeOpened() throws IOException {
        Path notASocket = Files.createFile(temp.resolve("docker.sock"));

        assertThatThrownBy(() -> new DockerCertificateSourceProvider().open(Map.of("DOCKER_HOST", "unix://" + notASocket), DiscoveryRules.NONE))
                .isInstanceOf(CertkeeperException.class)
                .hasMessageStartingWith("cannot connect: the Docker engine at unix://" + notASocket + " cannot be reached (")
                .hasMessageEndingWith("); is the engine running, and may certkeeper's user open the socket (root, or a "
                        + "member of its group, usually docker)?");
    }

    @Test
    void aClosedTcpPortNamesTheAddressAndDockerHost() {
        int port = FreePorts.tcp();

        assertThatThrownBy(() -> new DockerCertificateSourceProvider().open(Map.of("DOCKER_HOST", "tcp://127.0.0.1:" + port), DiscoveryRules.NONE))
                .isInstanceOf(CertkeeperException.class)
                .hasMessageStartingWith("cannot connect: the Docker engine at tcp://127.0.0.1:" + port
                        + " cannot be reached (")
                .hasMessageEndingWith("); is the engine running and listening there? Check DOCKER_HOST");
    }

    @Test
    void aMalformedEnvironmentIsBadInput() {
        assertThatThrownBy(() -> new DockerCertificateSourceProvider().open(Map.of("DOCKER_HOST", "npipe:////./pipe/docker"), DiscoveryRules.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("DOCKER_HOST: ");
    }
}
