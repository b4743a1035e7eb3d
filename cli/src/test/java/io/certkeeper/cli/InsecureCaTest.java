package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.renewal.RenewalSettings;
import io.certkeeper.acme.renewal.RenewalSettingsStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import io.certkeeper.acme.crypto.KeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CA directory that is plain HTTP to a host that is not loopback needs {@code --insecure}, and a
 * CA bundle others may change is refused, on every command that names a CA. None of these reach a CA.
 */
class InsecureCaTest {

    private static final String PLAIN = "http://ca.example.test/dir";

    @TempDir
    Path home;

    private Path configDir() {
        return home.resolve("config");
    }

    private CliRun certonly(String... more) {
        CliArgs args = CliArgs.of("certonly", "--standalone", "-n", "--agree-tos", "-d", "plain.example.test",
                "--config-dir", configDir().toString(), "-m", "not-an-address").with(more);
        return CliRun.run(home, args);
    }

    @Test
    void certonlyRefusesAPlainHttpDirectoryElsewhereThanLoopbackAndNamesTheWayOut() {
        CliRun refused = certonly("--server", PLAIN);

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.errorLines()).singleElement().asString()
                .startsWith("certkeeper: --server " + PLAIN + " is plain HTTP to a host that is not loopback")
                .contains("use the CA's https:// URL, or pass --insecure to accept plaintext");
        assertThat(configDir()).doesNotExist();
    }

    @Test
    void withInsecureOrOnLoopbackTheUrlIsAcceptedAndTheNextCheckSpeaks() {
        // The e-mail address is checked right after the CA: its refusal shows the CA was accepted.
        for (CliRun accepted : new CliRun[] {certonly("--server", PLAIN, "--insecure"),
                certonly("--server", "http://127.0.0.1:1/dir"), certonly("--server", "http://[::1]:1/dir")}) {
            assertThat(accepted.exitCode()).as(accepted.toString()).isEqualTo(ExitCode.USAGE);
            assertThat(accepted.errorLines()).singleElement().asString().contains("not-an-address").doesNotContain("plain HTTP");
        }
    }

    @Test
    void everyCommandThatNamesACaRefusesIt() throws Exception {
        Path elsewhere = home.resolve("elsewhere");
        Path cert = new LineageFixture(elsewhere).save("revoked.example.test", KeySpec.EC_P256, Instant.now(),
                Instant.now().plus(Duration.ofDays(1)), "revoked.example.test").liveDirectory().resolve("cert.pem");
        for (String[] command : new String[][] {{"account", "register", "--agree-tos"}, {"account", "show"},
                {"account", "update", "-m", "a@example.test"}, {"account", "rollover"}, {"account", "deactivate"},
                {"revoke", "--cert-path", cert.toString()}}) {
            CliRun refused = CliRun.run(home, CliArgs.of(command).with("-n", "--config-dir", configDir().toString(),
                    "--server", PLAIN));
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.USAGE);
            assertThat(refused.errorLines()).as(refused.toString()).singleElement().asString().contains("--insecure");
        }
    }

    @Test
    void aCaBundleOthersMayChangeIsRefusedWithTheFix() throws Exception {
        Path bundle = Files.writeString(home.resolve("ca.pem"), "x");
        Files.setPosixFilePermissions(bundle, PosixFilePermissions.fromString("rw-rw-r--"));

        CliRun refused = certonly("--server", "https://127.0.0.1:1/dir", "--ca-bundle", bundle.toString());

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.errorLines()).singleElement().asString().isEqualTo("certkeeper: Refusing --ca-bundle " + bundle + ": "
                + bundle + " is writable by its group (rw-rw-r--); run chmod g-w " + bundle + " (see 'certkeeper certonly --help')");
    }

    @Test
    void renewNamesRenewInsecureForAStoredPlainHttpCaObtainedWithoutIt() throws Exception {
        LineageFixture fixture = new LineageFixture(configDir());
        Instant now = Instant.now();
        fixture.save("plain.example.test", KeySpec.EC_P256, now.minus(Duration.ofDays(89)), now.plus(Duration.ofDays(1)),
                "plain.example.test");
        RenewalSettings settings = fixture.settings("plain.example.test", Optional.empty(), "plain.example.test");
        new RenewalSettingsStore(configDir()).save(settings.withCa(CertificateAuthority.of(PLAIN)));

        CliRun refused = CliRun.run(home, "renew", "--config-dir", configDir().toString());

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.errorLines()).singleElement().asString()
                .startsWith("certkeeper: plain.example.test: its CA " + PLAIN + " is plain HTTP")
                .contains("pass renew --insecure to accept plaintext");
    }
}
