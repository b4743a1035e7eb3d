package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.CertificateRequest;
import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.renewal.ChallengeMethod;
import io.certkeeper.acme.renewal.LineageHooks;
import io.certkeeper.acme.renewal.RenewalSettings;
import io.certkeeper.acme.renewal.RenewalSettingsStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A config directory, or a file in it that certkeeper acts on, that its group may write is refused
 * with the {@code chmod} that fixes it, exit code 2, before a hook of the lineage runs. The owner
 * checks, and a second user's link and planted settings, are in {@link ConfigDirectoryAttackIT}.
 */
class ConfigDirectoryTrustTest {

    private static final String NAME = "a.example.test";

    @TempDir
    Path home;

    private Path config;
    private Path marker;

    @BeforeEach
    void lineageWithAPreHook() throws Exception {
        config = home.resolve("config");
        marker = home.resolve("pre-hook-ran");
        Instant now = Instant.now();
        new LineageFixture(config).save(NAME, KeySpec.EC_P256, now.minus(Duration.ofDays(89)), now.plus(Duration.ofDays(1)), NAME);
        DomainName domain = DomainName.of(NAME);
        new RenewalSettingsStore(config).save(new RenewalSettings(new CertificateRequest(NAME, List.of(domain), KeySpec.EC_P256),
                CertificateAuthority.of(LineageFixture.CA), Optional.empty(),
                new ChallengeMethod.Webroot(Map.of(domain, home.resolve("webroot"))),
                new LineageHooks(Optional.of("touch " + marker), Optional.of("touch " + marker), Optional.empty()),
                RenewalSettings.DEFAULT_KEEP_VERSIONS, Optional.empty()));
        Files.createDirectories(config.resolve("accounts"));
        Files.createDirectories(home.resolve("webroot"));
    }

    private CliRun renew() {
        return CliRun.run(home, "renew", "-n", "--config-dir", config.toString());
    }

    /** Without it the refusals below would prove nothing: the lineage is due and its hook runs. */
    @Test
    void aTrustedConfigDirectoryRunsTheHooksOfItsSettings() {
        CliRun run = renew();

        assertThat(marker).as(run.toString()).exists();
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.TEMPORARY);
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "certkeeper", "accounts"})
    void aDirectoryItsGroupMayWriteIsRefusedBeforeAnythingRuns(String which) throws Exception {
        Path writable = config.resolve(which).normalize();
        Files.setPosixFilePermissions(writable, PosixFilePermissions.fromString("rwxrwx---"));

        CliRun run = renew();

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).as(run.toString()).singleElement().asString()
                .startsWith("certkeeper: Refusing the ")
                .endsWith(": " + writable + " is writable by its group (rwxrwx---); run chmod g-w " + writable);
        assertThat(run.out()).isEmpty();
        assertThat(marker).doesNotExist();
    }

    @Test
    void aSettingsFileItsGroupMayWriteIsNeverRead() throws Exception {
        Path settings = config.resolve("certkeeper/" + NAME + ".json");
        Files.setPosixFilePermissions(settings, PosixFilePermissions.fromString("rw-rw----"));

        CliRun run = renew();

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).as(run.toString()).singleElement().isEqualTo("certkeeper: " + NAME
                + ": Refusing the renewal settings " + settings + ": " + settings
                + " is writable by its group (rw-rw----); run chmod g-w " + settings);
        assertThat(marker).doesNotExist();
    }

    @Test
    void aMissingConfigDirectoryBelowOneOthersMayWriteIsNotCreated() throws Exception {
        Path open = Files.createDirectory(home.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path missing = open.resolve("etc/certkeeper");

        CliRun run = CliRun.run(home, "certonly", "-n", "--agree-tos", "--config-dir", missing.toString(), "--server",
                LineageFixture.CA, "--webroot", "-w", home.toString(), "-d", NAME);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).as(run.toString()).singleElement().asString()
                .startsWith("certkeeper: Refusing the config directory " + missing + ": ").endsWith("run chmod go-w " + open);
        assertThat(open).isEmptyDirectory();
    }
}
