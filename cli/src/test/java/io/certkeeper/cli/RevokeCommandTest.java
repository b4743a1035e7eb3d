package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.CertificateRequest;
import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.store.CertificateStore;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certkeeper revoke}'s checks, which all come before anything is sent: the CA in the
 * lineage's settings is a loopback port nobody listens on, so a request would fail differently.
 * Revocation itself is tested against Pebble in {@link RevokeIT}.
 */
class RevokeCommandTest {

    private static final String NAME = "revoke.example.test";

    @TempDir
    Path home;

    private Path configDir;

    @BeforeEach
    void lineage() throws Exception {
        configDir = home.resolve("certkeeper");
        LineageFixture fixture = new LineageFixture(configDir);
        Instant now = Instant.now();
        fixture.save(NAME, KeySpec.EC_P256, now, now.plus(Duration.ofDays(90)), NAME);
        fixture.settings(NAME, Optional.empty(), NAME);
    }

    private CliRun revoke(CliEnvironment environment, String... extra) {
        List<String> args = new ArrayList<>(List.of("revoke", "--config-dir", configDir.toString()));
        args.addAll(List.of(extra));
        return CliRun.run(environment, args.toArray(String[]::new));
    }

    private CliRun revoke(String... extra) {
        return revoke(CliRun.environment(home), extra);
    }

    @Test
    void needsExactlyOneOfCertNameAndCertPath() {
        CliRun neither = revoke("-n");
        CliRun both = revoke("-n", "--cert-name", NAME, "--cert-path", configDir.resolve("live").resolve(NAME).resolve("cert.pem").toString());

        assertThat(neither.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(neither.errorLines()).singleElement().asString().contains("either --cert-name NAME or --cert-path FILE");
    }

    @Test
    void anUnknownReasonListsTheReasons() {
        CliRun run = revoke("-n", "--cert-name", NAME, "--reason", "cacompromise");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).singleElement().asString()
                .contains("unknown revocation reason 'cacompromise'; use one of unspecified, keycompromise");
    }

    @Test
    void deleteAfterRevokeNeedsALineage() {
        CliRun run = revoke("-n", "--cert-path", configDir.resolve("live").resolve(NAME).resolve("cert.pem").toString(),
                "--delete-after-revoke");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).singleElement().asString().contains("--delete-after-revoke goes with --cert-name");
    }

    @Test
    void anUnknownNameOrUnreadableFileIsBadInput() throws Exception {
        Path notPem = Files.writeString(home.resolve("not.pem"), "hello");

        CliRun name = revoke("-n", "--cert-name", "unknown.example.test");
        CliRun missing = revoke("-n", "--cert-path", home.resolve("missing.pem").toString());
        CliRun text = revoke("-n", "--cert-path", notPem.toString());

        assertThat(name.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(name.errorLines()).singleElement().asString().contains("no certificate named unknown.example.test");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.errorLines()).singleElement().asString().contains("no such file");
        assertThat(text.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(text.errorLines()).singleElement().asString().contains(notPem.toString());
    }

    @Test
    void aPlaceholderIsNotSentToTheCa() throws Exception {
        String name = "placeholder.example.test";
        new CertificateStore(configDir).savePlaceholder(new CertificateRequest(name, List.of(DomainName.of(name)), KeySpec.EC_P256),
                Duration.ofDays(7), Clock.systemUTC());
        new LineageFixture(configDir).settings(name, Optional.empty(), name);

        CliRun run = revoke("-n", "--cert-name", name);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).singleElement().asString()
                .contains("certificate " + name + " is only the self-signed placeholder")
                .contains("nothing to revoke");
        assertThat(configDir.resolve("accounts")).doesNotExist();
        assertThat(configDir.resolve("live").resolve(name).resolve("cert.pem")).exists();
    }

    @Test
    void aLineageIsRevokedAtItsOwnCaOnly() {
        CliRun run = revoke("-n", "--cert-name", NAME, "--server", "letsencrypt-staging");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).singleElement().asString()
                .contains("was obtained from " + LineageFixture.CA + ", where revoke sends the request");
    }

    @Test
    void withoutAStoredAccountNothingIsSent() {
        CliRun run = revoke("-n", "--cert-name", NAME);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.errorLines()).singleElement().asString()
                .startsWith("certkeeper: No account for " + LineageFixture.CA + " is stored here");
        assertThat(configDir.resolve("accounts")).doesNotExist();
    }

    @Test
    void withoutATerminalItAsksForDashN() {
        CliRun run = revoke("--cert-name", NAME);

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).singleElement().asString().contains("pass -n to revoke without being asked");
    }

    @Test
    void onATerminalAnythingButYesRevokesNothing() {
        CliEnvironment terminal = new CliEnvironment(Clock.systemUTC(), Map.of(), home, false, true,
                new BufferedReader(new StringReader("no\n")));

        CliRun run = revoke(terminal, "--cert-name", NAME, "--reason", "superseded");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("Revoke certificate " + NAME + " for " + NAME + " (serial ").contains(") at "
                + LineageFixture.CA + "? Clients will refuse it from then on. [y/N] ");
        assertThat(run.out()).isEqualTo("Nothing was revoked.\n");
    }
}
