package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.AcmeSessions;
import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.crypto.Pem;
import io.certkeeper.acme.testing.PebbleServer;
import io.certkeeper.acme.testing.RequiresPebble;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.exception.AcmeServerException;

/** {@code certkeeper account …} against a real Pebble: register, show, update, rollover, deactivate. */
@RequiresPebble
class AccountCommandsIT {

    private static final Pattern ACCOUNT_URL = Pattern.compile("https://127\\.0\\.0\\.1:\\d+/my-account/\\w+");

    @RegisterExtension
    static final PebbleServer pebble = PebbleServer.withDefaults();

    @TempDir
    Path home;

    private Path configDir() {
        return home.resolve("certkeeper");
    }

    private Path accountDir() {
        return configDir().resolve("accounts").resolve(ca().storageKey());
    }

    private static CertificateAuthority ca() {
        return CertificateAuthority.of(pebble.directoryUrl().toString()).withCaBundle(pebble.caBundle());
    }

    private CliArgs args(String... command) {
        return CliArgs.of(command).ca(pebble.get()).configDir(configDir());
    }

    private CliRun account(String... command) {
        return CliRun.run(home, args(command));
    }

    private CliRun register(String email) {
        CliRun run = account("account", "register", "-n", "--agree-tos", "-m", email);
        assertThat(run.exitCode()).as(run + pebble.logs()).isZero();
        return run;
    }

    private CliRun certonly(String domain) {
        return CliRun.run(home, CliArgs.certonly(pebble.get(), configDir()).standalone(pebble.get()).domains(domain));
    }

    private static String accountUrl(String output) {
        Matcher matcher = ACCOUNT_URL.matcher(output);
        assertThat(matcher.find()).as("an account URL in: " + output).isTrue();
        return matcher.group();
    }

    private KeyPair storedKey() throws Exception {
        return Pem.readKeyPair(Files.readString(accountDir().resolve("account.key"), StandardCharsets.US_ASCII));
    }

    /** Whether the CA knows an account for the key, asked directly with acme4j. */
    private static boolean caKnows(KeyPair key) throws Exception {
        try {
            new AccountBuilder().onlyExisting().useKeyPair(key).createLogin(AcmeSessions.open(ca()));
            return true;
        } catch (AcmeServerException e) {
            assertThat(e.getType().toString()).isEqualTo("urn:ietf:params:acme:error:accountDoesNotExist");
            return false;
        }
    }

    @Test
    void registersShowsAndUpdatesTheContact() throws Exception {
        CliRun registered = register("first@example.test");
        String url = accountUrl(registered.out());
        assertThat(registered.out()).contains("Registered account " + url, "mailto:first@example.test", "status:   valid",
                "ecdsa P-256, thumbprint ", accountDir().toString());
        assertThat(Files.getPosixFilePermissions(accountDir().resolve("account.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        CliRun shown = account("account", "show");
        assertThat(shown.exitCode()).as(shown.toString()).isZero();
        assertThat(shown.out()).contains("Account " + url, "CA:       " + pebble.directoryUrl(), "status:   valid",
                "contact:  mailto:first@example.test", "EAB:      not bound", "key:      ecdsa P-256, thumbprint ");
        assertThat(shown.out()).doesNotContain("PRIVATE KEY").doesNotContain(Files.readString(accountDir().resolve("account.key"))
                .lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow());

        CliRun updated = account("account", "update", "--email", "second@example.test");
        assertThat(updated.exitCode()).as(updated + pebble.logs()).isZero();
        assertThat(updated.out()).contains("Updated the contact of account " + url, "contact:  mailto:second@example.test")
                .doesNotContain("did not keep");

        CliRun after = account("account", "show");
        assertThat(after.out()).contains("Account " + url, "contact:  mailto:second@example.test")
                .doesNotContain("first@example.test");
    }

    @Test
    void registeringAgainSaysSoAndKeepsTheAccount() throws Exception {
        String url = accountUrl(register("ops@example.test").out());
        byte[] key = Files.readAllBytes(accountDir().resolve("account.key"));

        CliRun again = account("account", "register", "-n", "--agree-tos", "-m", "other@example.test");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("already stored", url, "nothing was registered");
        assertThat(Files.readAllBytes(accountDir().resolve("account.key"))).isEqualTo(key);
        assertThat(account("account", "show").out()).contains("mailto:ops@example.test");
    }

    @Test
    void registeringWithoutAgreeingToTheTermsIsRefusedNonInteractively() {
        CliRun run = account("account", "register", "-n", "-m", "ops@example.test");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).singleElement().asString().contains("--agree-tos");
        assertThat(configDir().resolve("accounts")).doesNotExist();
    }

    @Test
    void aRolledOverKeyIssuesCertificatesAndTheOldKeyIsRefused() throws Exception {
        String url = accountUrl(register("ops@example.test").out());
        KeyPair oldKey = storedKey();

        CliRun rolled = account("account", "rollover");

        assertThat(rolled.exitCode()).as(rolled + pebble.logs()).isZero();
        KeyPair newKey = storedKey();
        assertThat(newKey.getPublic()).isNotEqualTo(oldKey.getPublic());
        assertThat(rolled.out()).contains("Replaced the key of account " + url, "old key:  ecdsa P-256",
                "new key:  ecdsa P-256", accountDir().resolve("account.key").toString());
        assertThat(Files.getPosixFilePermissions(accountDir().resolve("account.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(accountDir().resolve("account.key.next")).doesNotExist();
        assertThat(caKnows(oldKey)).isFalse();
        assertThat(caKnows(newKey)).isTrue();

        CliRun issued = certonly("rollover.accounts.test");
        assertThat(issued.exitCode()).as(issued + pebble.logs()).isZero();
        assertThat(issued.err()).contains("Using account " + url).doesNotContain("Registered account");
        IssuedFiles.of(configDir(), "rollover.accounts.test").assertComplete(pebble.issuingRoot());
        assertThat(storedKey().getPublic()).isEqualTo(newKey.getPublic());
    }

    @Test
    void aDeactivatedAccountIsMovedAsideAndCertonlyRegistersANewOne() throws Exception {
        String url = accountUrl(register("ops@example.test").out());
        KeyPair oldKey = storedKey();

        CliRun deactivated = account("account", "deactivate", "-n");

        assertThat(deactivated.exitCode()).as(deactivated + pebble.logs()).isZero();
        Path movedTo;
        try (Stream<Path> entries = Files.list(configDir().resolve("accounts"))) {
            movedTo = entries.filter(p -> p.getFileName().toString().startsWith(ca().storageKey() + ".deactivated-"))
                    .findFirst().orElseThrow();
        }
        assertThat(deactivated.out()).contains("Deactivated account " + url, "moved to " + movedTo);
        assertThat(accountDir()).doesNotExist();
        assertThat(Pem.readKeyPair(Files.readString(movedTo.resolve("account.key"))).getPublic())
                .isEqualTo(oldKey.getPublic());

        CliRun shown = account("account", "show");
        assertThat(shown.exitCode()).as(shown.toString()).isEqualTo(ExitCode.FAILURE);
        assertThat(shown.errorLines()).singleElement().asString().contains("no account", "account register");

        CliRun issued = certonly("deactivated.accounts.test");
        assertThat(issued.exitCode()).as(issued + pebble.logs()).isZero();
        String newUrl = accountUrl(issued.err());
        assertThat(issued.err()).contains("Registered account " + newUrl);
        assertThat(newUrl).isNotEqualTo(url);
        assertThat(account("account", "show").out()).contains("Account " + newUrl, "status:   valid");
    }

    @Test
    void deactivationAsksFirstAndANoChangesNothing() throws Exception {
        String url = accountUrl(register("ops@example.test").out());

        CliRun declined = CliRun.run(terminal("n\n"), args("account", "deactivate").toArray());

        assertThat(declined.exitCode()).as(declined.toString()).isZero();
        assertThat(declined.err()).contains("Deactivate account " + url, "[y/N]");
        assertThat(declined.out()).contains("Nothing was done");
        assertThat(account("account", "show").out()).contains("status:   valid");

        CliRun withoutTerminal = account("account", "deactivate");
        assertThat(withoutTerminal.exitCode()).as(withoutTerminal.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(withoutTerminal.errorLines()).singleElement().asString().contains("-n");
        assertThat(accountDir().resolve("account.key")).isRegularFile();

        CliRun confirmed = CliRun.run(terminal("yes\n"), args("account", "deactivate").toArray());
        assertThat(confirmed.exitCode()).as(confirmed + pebble.logs()).isZero();
        assertThat(confirmed.out()).contains("Deactivated account " + url);
        assertThat(accountDir()).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"show", "update", "rollover", "deactivate"})
    void aCommandWithoutAStoredAccountSaysSoAndCreatesNothing(String command) {
        List<String> args = new ArrayList<>(List.of("account", command, "-n"));
        if (command.equals("update")) {
            args.addAll(List.of("-m", "ops@example.test"));
        }

        CliRun run = account(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.errorLines()).singleElement().asString()
                .contains("no account for " + pebble.directoryUrl(), "certkeeper account register");
        assertThat(configDir()).doesNotExist();
    }

    @Test
    void anUpdateRefusesAnEmptyOrMalformedAddress() {
        register("ops@example.test");

        CliRun empty = account("account", "update", "--email", "");
        CliRun malformed = account("account", "update", "--email", "not-an-address");

        assertThat(empty.exitCode()).as(empty.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(empty.errorLines()).singleElement().asString().contains("removing every contact");
        assertThat(malformed.exitCode()).as(malformed.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(malformed.errorLines()).singleElement().asString().contains("not an email address");
        assertThat(account("account", "show").out()).contains("contact:  mailto:ops@example.test");
    }

    private CliEnvironment terminal(String answers) {
        return new CliEnvironment(Clock.systemUTC(), Map.of(), home, false, true,
                new BufferedReader(new StringReader(answers)));
    }
}
