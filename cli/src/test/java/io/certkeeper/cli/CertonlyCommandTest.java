package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input to {@code certonly}: each case gets one clear line, the right exit code, and writes
 * nothing. None of these reach a CA.
 */
class CertonlyCommandTest {

    @TempDir
    Path home;

    private Path configDir() {
        return home.resolve("config");
    }

    private CliRun certonly(String... extra) {
        List<String> args = new ArrayList<>(List.of("certonly", "-n", "--config-dir", configDir().toString(),
                "--server", "https://127.0.0.1:9/dir"));
        args.addAll(List.of(extra));
        return CliRun.run(home, args.toArray(String[]::new));
    }

    private void assertFailedCleanly(CliRun run, int exitCode, String mentions) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(exitCode);
        assertThat(run.errorLines()).as(run.toString()).hasSize(1);
        assertThat(run.errorLines().get(0)).contains(mentions);
        assertThat(configDir()).as("nothing is written").doesNotExist();
        assertThat(home.resolve(".config")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a b", "x", "a..b", "*.example.com", "a/b.example"})
    void refusesAnInvalidName(String name) {
        assertFailedCleanly(certonly("--standalone", "--agree-tos", "-d", name), ExitCode.USAGE, name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.1", "256.0.0.1", "::ffff:127.0.0.1", "fe80::1%eth0"})
    void refusesAnAddressItWouldHaveToGuessAt(String address) {
        assertFailedCleanly(certonly("--standalone", "--agree-tos", "-d", address), ExitCode.USAGE, address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--profile", "--preferred-chain"})
    void refusesAnEmptyProfileOrPreferredChain(String option) {
        assertFailedCleanly(certonly("--standalone", "--agree-tos", "-d", "a.example.test", option, " "), ExitCode.USAGE,
                option.substring(2).replace('-', ' '));
    }

    @Test
    void refusesANameThatLooksLikeAnOption() {
        CliRun run = certonly("--standalone", "--agree-tos", "-d", "-x");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).singleElement().asString().contains("-x");
        assertThat(configDir()).doesNotExist();
    }

    @Test
    void refusesAnUnknownPreset() {
        CliRun run = CliRun.run(home, "certonly", "-n", "--config-dir", configDir().toString(), "--server", "letsencrpyt",
                "--standalone", "--agree-tos", "-d", "a.example.test");
        assertFailedCleanly(run, ExitCode.USAGE, "unknown CA preset 'letsencrpyt'");
    }

    @Test
    void refusesAMissingWebroot() {
        Path missing = home.resolve("no-such-webroot");
        assertFailedCleanly(certonly("--webroot", "-w", missing.toString(), "--agree-tos", "-d", "a.example.test"),
                ExitCode.USAGE, missing.toString());
        assertThat(missing).doesNotExist();
    }

    @Test
    void refusesAWebrootThatIsAFile() throws IOException {
        Path file = Files.writeString(home.resolve("file"), "x");
        CliRun run = certonly("--webroot", "-w", file.toString(), "--agree-tos", "-d", "a.example.test");
        assertFailedCleanly(run, ExitCode.USAGE, file.toString());
    }

    @Test
    void refusesAPortAlreadyTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = certonly("--standalone", "--http-01-address", "127.0.0.1", "--http-01-port",
                    String.valueOf(taken.getLocalPort()), "--agree-tos", "-d", "a.example.test");
            assertFailedCleanly(run, ExitCode.FAILURE, String.valueOf(taken.getLocalPort()));
            assertThat(run.errorLines().get(0)).contains("webroot");
        }
    }

    @Test
    void reportsAnUnreachableCaAsTemporary() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        CliRun run = CliRun.run(home, "certonly", "-n", "--config-dir", configDir().toString(),
                "--server", "https://127.0.0.1:" + closedPort + "/dir", "--standalone", "--http-01-address", "127.0.0.1",
                "--http-01-port", "0", "--agree-tos", "-d", "a.example.test");
        assertFailedCleanly(run, ExitCode.TEMPORARY, "Cannot reach the CA");
    }

    @Test
    void requiresAgreementToTheTermsWhenNonInteractive() {
        CliRun run = certonly("--standalone", "-d", "a.example.test");
        assertFailedCleanly(run, ExitCode.USAGE, "--agree-tos");
    }

    @Test
    void asksForAgreementOnATerminalAndStopsOnNo() {
        CliEnvironment terminal = new CliEnvironment(java.time.Clock.systemUTC(), java.util.Map.of(), home, false, true,
                new java.io.BufferedReader(new java.io.StringReader("n\n")));
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine commandLine = Main.commandLine(terminal);
        commandLine.setErr(new java.io.PrintWriter(err, true));
        int code = commandLine.execute("certonly", "--config-dir", configDir().toString(), "--server", "https://127.0.0.1:9/dir",
                "--standalone", "--http-01-port", "0", "-d", "a.example.test");

        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("Do you agree? [y/N]", "not agreed to");
        assertThat(configDir()).doesNotExist();
    }

    @Test
    void requiresAChallengeMode() {
        assertFailedCleanly(certonly("--agree-tos", "-d", "a.example.test"), ExitCode.USAGE, "--standalone");
        assertFailedCleanly(certonly("--agree-tos", "--standalone", "--webroot", "-w", home.toString(), "-d", "a.example.test"),
                ExitCode.USAGE, "not several");
    }

    @Test
    void requiresANameAndAValidKeyType() {
        assertFailedCleanly(certonly("--standalone", "--agree-tos"), ExitCode.USAGE, "-d");
        assertFailedCleanly(certonly("--standalone", "--agree-tos", "-d", "a.example.test", "--key-type", "dsa"),
                ExitCode.USAGE, "dsa");
        assertFailedCleanly(certonly("--standalone", "--agree-tos", "-d", "a.example.test", "--key-type", "rsa",
                "--rsa-key-size", "1024"), ExitCode.USAGE, "1024");
    }

    @Test
    void refusesAnUnknownFlag() {
        CliRun run = certonly("--standalone", "--agre-tos", "-d", "a.example.test");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).singleElement().asString().contains("--agre-tos");
        assertThat(configDir()).doesNotExist();
    }

    @Test
    void refusesStagingWithAnotherServer() {
        assertFailedCleanly(certonly("--staging", "--standalone", "--agree-tos", "-d", "a.example.test"), ExitCode.USAGE,
                "--staging");
    }

    @Test
    void helpListsTheExitCodes() {
        CliRun run = CliRun.run(home, "certonly", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Exit codes:", "74", "75", "--webroot-path", "--http-01-port", "--agree-tos");
    }
}
