package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        return CliRun.run(home, args(command));
    }

    private String[] args(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("-n", "--config-dir", configDir().toString(), "--server", "https://127.0.0.1:9/dir"));
        return args.toArray(String[]::new);
    }

    private void assertRefused(CliRun run, String... mentions) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).as(run.toString()).singleElement().asString().contains(mentions);
        assertThat(configDir()).as("nothing is written").doesNotExist();
    }

    @Test
    void aKeyIdentifierWithoutItsHmacKeyIsRefused() {
        assertRefused(run("account", "register", "--agree-tos", "--eab-kid", "kid-1"), "--eab-kid and the HMAC key",
                "--eab-hmac-key-file", "CERTKEEPER_EAB_HMAC_KEY", "go together");
        assertRefused(run("account", "register", "--agree-tos", "--eab-hmac-key", "YWJjZA"), "--eab-kid and the HMAC key");
        assertRefused(run("account", "register", "--agree-tos", "--eab-hmac-key-file", "key"), "--eab-kid and the HMAC key");
    }

    @Test
    void theHmacKeyIsGivenOneWayOnly() throws Exception {
        Path file = Files.writeString(home.resolve("hmac.key"), "YWJjZA\n");
        CliRun twice = CliRun.run(environment(Map.of(EabOptions.ENVIRONMENT_VARIABLE, "YWJjZA")),
                args("account", "register", "--agree-tos", "--eab-kid", "kid-1", "--eab-hmac-key-file", file.toString()));

        assertRefused(twice, "the HMAC key comes from --eab-hmac-key-file and CERTKEEPER_EAB_HMAC_KEY; give it one way only");
    }

    @Test
    void aKeyFileThatCannotBeReadOrIsEmptyIsRefused() throws Exception {
        Path missing = home.resolve("missing.key");
        assertRefused(run("account", "register", "--agree-tos", "--eab-kid", "kid-1", "--eab-hmac-key-file", missing.toString()),
                "cannot read --eab-hmac-key-file " + missing + ": ");
        Path empty = Files.writeString(home.resolve("empty.key"), " \n");
        assertRefused(run("account", "register", "--agree-tos", "--eab-kid", "kid-1", "--eab-hmac-key-file", empty.toString()),
                "--eab-hmac-key-file " + empty + " is empty; put the HMAC key your CA issued in it");
    }

    @Test
    void aMalformedKeyFromAFileOrTheEnvironmentIsRefusedWithoutBeingRepeated() throws Exception {
        Path file = Files.writeString(home.resolve("hmac.key"), BAD_KEY + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        CliRun fromFile = run("account", "register", "--agree-tos", "--eab-kid", "kid-1", "--eab-hmac-key-file", file.toString());
        assertRefused(fromFile, "HMAC key is not base64url");
        assertThat(fromFile.err()).doesNotContain(BAD_KEY).doesNotContain("WARNING");

        CliRun fromEnvironment = CliRun.run(environment(Map.of(EabOptions.ENVIRONMENT_VARIABLE, BAD_KEY)),
                args("account", "register", "--agree-tos", "--eab-kid", "kid-1"));
        assertRefused(fromEnvironment, "HMAC key is not base64url");
        assertThat(fromEnvironment.err()).doesNotContain(BAD_KEY);
    }

    @Test
    void theCommandLineKeyAndAKeyFileOthersMayReadAreWarnedAbout() throws Exception {
        CliRun onTheCommandLine = run("account", "register", "--agree-tos", "--eab-kid", "kid-1", "--eab-hmac-key", BAD_KEY);
        assertThat(onTheCommandLine.err()).contains("WARNING: --eab-hmac-key shows the key to every local user (ps, /proc);"
                + " pass --eab-hmac-key-file FILE or set CERTKEEPER_EAB_HMAC_KEY instead.");

        Path file = Files.writeString(home.resolve("hmac.key"), BAD_KEY + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        CliRun readable = run("account", "register", "--agree-tos", "--eab-kid", "kid-1", "--eab-hmac-key-file", file.toString());
        assertThat(readable.err()).contains("WARNING: the HMAC key file " + file + " is readable by group and others (rw-r--r--);"
                + " run chmod go-r " + file);
    }

    @Test
    void theEnvironmentVariableAloneRegistersNoBinding() {
        CliRun run = CliRun.run(environment(Map.of(EabOptions.ENVIRONMENT_VARIABLE, BAD_KEY)),
                args("account", "register", "--agree-tos"));

        assertThat(run.err()).as("not read without --eab-kid").doesNotContain("base64url");
    }

    private CliEnvironment environment(Map<String, String> env) {
        return new CliEnvironment(java.time.Clock.systemUTC(), env, home, false, false,
                new java.io.BufferedReader(new java.io.StringReader("")));
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
