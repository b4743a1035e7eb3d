package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to {@code certonly --manual}: one clear line, the right exit code, nothing written,
 * and no hook run. None of these reach a CA.
 */
class CertonlyManualTest {

    @TempDir
    Path home;

    private CliRun certonly(String... extra) {
        List<String> args = new ArrayList<>(List.of("certonly", "-n", "--agree-tos", "--config-dir", configDir().toString(),
                "--server", "https://127.0.0.1:9/dir", "-d", "a.example.test"));
        args.addAll(List.of(extra));
        return CliRun.run(home, args.toArray(String[]::new));
    }

    private Path configDir() {
        return home.resolve("config");
    }

    private void assertFailedCleanly(CliRun run, int exitCode, String... mentions) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(exitCode);
        assertThat(run.errorLines()).as(run.toString()).singleElement().asString().contains(mentions);
        assertThat(configDir()).as("nothing is written").doesNotExist();
    }

    @Test
    void needsAnAuthHookSinceNobodyIsAskedToPlaceFiles() {
        assertFailedCleanly(certonly("--manual"), ExitCode.USAGE, "--manual-auth-hook", "by hand");
        assertFailedCleanly(certonly("--manual", "--manual-cleanup-hook", "true"), ExitCode.USAGE, "--manual-auth-hook");
    }

    @Test
    void refusesHooksWithoutManualAndManualWithAnotherMode() {
        assertFailedCleanly(certonly("--standalone", "--manual-auth-hook", "true"), ExitCode.USAGE, "go with --manual");
        assertFailedCleanly(certonly("--webroot", "-w", home.toString(), "--manual", "--manual-auth-hook", "true"),
                ExitCode.USAGE, "not several");
        assertFailedCleanly(certonly("--manual", "--manual-auth-hook", "true", "-w", home.toString()), ExitCode.USAGE,
                "-w/--webroot-path");
        assertFailedCleanly(certonly("--manual", "--manual-auth-hook", " "), ExitCode.USAGE, "blank");
    }

    @Test
    void refusesAnAuthHookThatCannotRunBeforeAnythingElse() throws IOException {
        Path missing = home.resolve("hooks/auth.sh");
        Path cleanupRan = home.resolve("cleanup-ran");

        CliRun run = certonly("--manual", "--manual-auth-hook", missing.toString(), "--manual-cleanup-hook", "touch " + cleanupRan);

        assertFailedCleanly(run, ExitCode.FAILURE, "The auth hook \"" + missing + "\" cannot be started", "does not exist");
        assertThat(run.err()).as("the CA is never contacted").doesNotContain("Cannot reach the CA");
        assertThat(cleanupRan).doesNotExist();
        assertThat(Files.exists(home.resolve(".config"))).isFalse();
    }
}
