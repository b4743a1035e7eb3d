package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to {@code account} and the EAB options: one clear line, exit 2, nothing written. None
 * of these reach a CA.
 */
class AccountCommandTest {

    private static final String BAD_KEY = "not base64url!";

    @TempDir
    Path home;

    private Path configDir() {
        return home.resolve("config");
    }

    private CliRun run(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("-n", "--config-dir", configDir().toString(), "--server", "https://127.0.0.1:9/dir"));
        return CliRun.run(home, args.toArray(String[]::new));
    }

    private void assertRefused(CliRun run, String... mentions) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).as(run.toString()).singleElement().asString().contains(mentions);
        assertThat(configDir()).as("nothing is written").doesNotExist();
    }

    @Test
    void aKeyIdentifierWithoutItsHmacKeyIsRefused() {
        assertRefused(run("account", "register", "--agree-tos", "--eab-kid", "kid-1"), "--eab-kid and --eab-hmac-key go together");
        assertRefused(run("account", "register", "--agree-tos", "--eab-hmac-key", "YWJjZA"), "--eab-kid and --eab-hmac-key");
    }

    @Test
    void aMalformedHmacKeyIsRefusedWithoutBeingRepeated() {
        CliRun run = run("account", "register", "--agree-tos", "--eab-kid", "kid-1", "--eab-hmac-key", BAD_KEY);

        assertRefused(run, "HMAC key is not base64url");
        assertThat(run.err()).doesNotContain(BAD_KEY);
    }

    @Test
    void certonlyRefusesAMalformedHmacKeyBeforeAnythingElse() {
        CliRun run = run("certonly", "--standalone", "--agree-tos", "-d", "example.com", "--eab-kid", "kid-1",
                "--eab-hmac-key", BAD_KEY);

        assertRefused(run, "HMAC key is not base64url");
    }

    @Test
    void anUpdateNeedsAnAddress() {
        assertRefused(run("account", "update"), "--email");
    }

    @Test
    void accountAloneAsksForASubcommand() {
        CliRun run = CliRun.run(home, "account");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).singleElement().asString().contains("subcommand");
    }

    @Test
    void theHelpListsTheSubcommands() {
        CliRun run = CliRun.run(home, "account", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("register", "show", "update", "rollover", "deactivate", "Exit codes:");
    }
}
