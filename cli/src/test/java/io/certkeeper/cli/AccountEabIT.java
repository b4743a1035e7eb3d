package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.testing.PebbleServer;
import io.certkeeper.acme.testing.RequiresPebble;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registration with a CA that requires an external account binding (RFC 8555 §7.3.4): a real
 * Pebble configured with {@code externalAccountBindingRequired} and its own HMAC keys.
 */
@RequiresPebble
class AccountEabIT {

    private static final String KID = "kid-certkeeper";
    private static final String HMAC_KEY = hmacKey();

    @RegisterExtension
    static final PebbleServer pebble = PebbleServer.configured(builder -> builder
            .requireExternalAccountBinding(Map.of(KID, HMAC_KEY)));

    @TempDir
    Path home;

    private static String hmacKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    private Path configDir() {
        return home.resolve("certkeeper");
    }

    private CliRun run(String... command) {
        return CliRun.run(home, CliArgs.of(command).ca(pebble.get()).configDir(configDir()));
    }

    /** Runs a command that may register an account, agreeing to the terms without a question. */
    private CliRun registering(String... command) {
        return run(CliArgs.of(command).with("-n", "--agree-tos", "-m", "ops@example.test").toArray());
    }

    @Test
    void registersWithTheBinding() throws Exception {
        CliRun registered = registering("account", "register", "--eab-kid", KID, "--eab-hmac-key", HMAC_KEY);

        assertThat(registered.exitCode()).as(registered + pebble.logs()).isZero();
        assertThat(registered.out()).contains("Registered account ", "EAB:      bound to an external account")
                .doesNotContain(HMAC_KEY);
        Path key = Files.list(configDir().resolve("accounts")).findFirst().orElseThrow().resolve("account.key");
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(run("account", "show").out()).contains("EAB:      bound to an external account");
    }

    @Test
    void registersWithTheKeyFromAFileOrTheEnvironmentWithoutAWarning() throws Exception {
        Path keyFile = Files.writeString(home.resolve("hmac.key"), "\n  " + HMAC_KEY + "\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));

        CliRun fromFile = registering("account", "register", "--eab-kid", KID, "--eab-hmac-key-file", keyFile.toString());

        assertThat(fromFile.exitCode()).as(fromFile + pebble.logs()).isZero();
        assertThat(fromFile.out()).contains("EAB:      bound to an external account");
        assertThat(fromFile.out() + fromFile.err()).doesNotContain(HMAC_KEY).doesNotContain("WARNING");

        Path otherDir = home.resolve("other");
        CliEnvironment withKey = new CliEnvironment(java.time.Clock.systemUTC(), Map.of(EabOptions.ENVIRONMENT_VARIABLE, HMAC_KEY),
                home, false, false, new java.io.BufferedReader(new java.io.StringReader("")));
        CliRun fromEnvironment = CliRun.run(withKey, CliArgs.of("account", "register", "--eab-kid", KID, "-n", "--agree-tos")
                .ca(pebble.get()).configDir(otherDir).toArray());

        assertThat(fromEnvironment.exitCode()).as(fromEnvironment + pebble.logs()).isZero();
        assertThat(fromEnvironment.out()).contains("EAB:      bound to an external account");
        assertThat(fromEnvironment.out() + fromEnvironment.err()).doesNotContain(HMAC_KEY).doesNotContain("WARNING");
    }

    @Test
    void theKeyOnTheCommandLineStillWorksWithAWarning() {
        CliRun registered = registering("account", "register", "--eab-kid", KID, "--eab-hmac-key", HMAC_KEY);

        assertThat(registered.exitCode()).as(registered + pebble.logs()).isZero();
        assertThat(registered.err()).contains("WARNING: --eab-hmac-key shows the key to every local user")
                .contains("--eab-hmac-key-file", "CERTKEEPER_EAB_HMAC_KEY");
    }

    @Test
    void withoutTheBindingSaysWhatIsMissingAndWritesNothing() {
        CliRun refused = registering("account", "register");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.errorLines()).singleElement().asString()
                .contains("external account binding", "--eab-kid", "--eab-hmac-key-file", "CERTKEEPER_EAB_HMAC_KEY");
        assertThat(configDir().resolve("accounts")).doesNotExist();
    }

    @Test
    void aWrongHmacKeyIsReportedAndWritesNothing() {
        CliRun refused = registering("account", "register", "--eab-kid", KID, "--eab-hmac-key", hmacKey());

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.errorLines()).singleElement().asString()
                .contains("external account", KID, "HMAC key");
        assertThat(configDir().resolve("accounts")).doesNotExist();
    }

    @Test
    void anUnknownKeyIdentifierIsReported() {
        CliRun refused = registering("account", "register", "--eab-kid", "kid-nobody", "--eab-hmac-key", HMAC_KEY);

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.errorLines()).singleElement().asString().contains("kid-nobody");
        assertThat(configDir().resolve("accounts")).doesNotExist();
    }

    @Test
    void certonlyRegistersWithTheBindingAndIssues() throws Exception {
        CliArgs standalone = CliArgs.of("certonly").standalone(pebble.get()).domains("eab.accounts.test");

        CliRun without = registering(standalone.toArray());
        assertThat(without.exitCode()).as(without.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(without.errorLines()).singleElement().asString().contains("external account binding", "--eab-kid");
        assertThat(configDir().resolve("accounts")).doesNotExist();
        assertThat(configDir().resolve("live")).doesNotExist();

        CliRun issued = registering(standalone.with("--eab-kid", KID, "--eab-hmac-key", HMAC_KEY).toArray());
        assertThat(issued.exitCode()).as(issued + pebble.logs()).isZero();
        assertThat(issued.err()).contains("Registered account");
        IssuedFiles.of(configDir(), "eab.accounts.test").assertComplete(pebble.issuingRoot());
    }
}
