package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certkeeper run}'s failures at start, before it serves; the service itself is tested as a
 * process in {@link RunIT}.
 */
class RunCommandTest {

    @TempDir
    Path home;

    @Test
    void aTakenResponderPortIsReportedInTheFilesWords() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path file = Files.writeString(home.resolve("certificates.yml"), """
                    ca: https://127.0.0.1:1/dir
                    agree_tos: true
                    config_dir: certkeeper
                    responder: {address: 127.0.0.1, port: %d}
                    certificates:
                      - domains: [run.example.test]
                        challenge: standalone
                    """.formatted(taken.getLocalPort()));

            CliRun run = CliRun.run(home, "run", "--config", file.toString());

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.FAILURE);
            assertThat(run.errorLines()).last().asString()
                    .contains("Cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": the port is already in use")
                    .contains("challenge: {webroot: DIR} in the certificates file")
                    .doesNotContain("--webroot");
            assertThat(home.resolve("certkeeper").resolve("live")).doesNotExist();
        }
    }

    @Test
    void dockerWithoutAllowedDomainsRefusesToStartNamingTheKey() throws Exception {
        for (String docker : new String[] {"", "docker: {merge_names: true}\n", "docker: {allowed_domains: []}\n"}) {
            Path file = Files.writeString(home.resolve("certificates.yml"), """
                    ca: https://127.0.0.1:1/dir
                    config_dir: certkeeper
                    certificates: []
                    """ + docker);

            // No engine is needed: the check comes before certkeeper connects to one.
            CliRun run = CliRun.run(home, "run", "--config", file.toString(), "--docker");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
            assertThat(run.errorLines()).as(docker).singleElement().asString().isEqualTo("certkeeper: " + file + ": docker.allowed_domains: "
                    + "--docker needs the names containers may ask certificates for; add docker: {allowed_domains: "
                    + "[example.com, \"*.example.com\"]}");
            assertThat(home.resolve("certkeeper")).doesNotExist();
        }
    }
}
