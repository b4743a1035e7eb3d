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
import io.certkeeper.acme.testing.RequiresSecondUser;
import io.certkeeper.acme.testing.LocalUser;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import io.certkeeper.cli.RunningCertkeeper.Finished;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second, unprivileged user who can write the config directory, or a part of it, attacks
 * {@code bin/certkeeper} running as root, as the security review did: the lock file becomes a
 * link to a copy of {@code /etc/passwd}, which the lock used to truncate, and a planted
 * {@code certkeeper/<name>.json} names pre and post hooks that would run as root. Each command is
 * refused before anything runs, with exit code 2 and the {@code chown} or {@code chmod} that fixes
 * it; the link's target keeps its content and size, and no hook leaves its marker.
 */
@RequiresSecondUser
class ConfigDirectoryAttackIT {

    private static final String NAME = "main.example.test";
    /** Nothing listens there: a command that got as far as the CA would fail with exit code 75. */
    private static final String CA = "https://127.0.0.1:1/dir";

    @TempDir
    Path home;

    /** Root's alone (0700): the copy of /etc/passwd, and where only a hook run as root could leave its marker. */
    @TempDir
    Path rootOnly;

    private LocalUser attacker;
    private Path config;
    private Path passwd;
    private byte[] passwdContent;
    private Path marker;
    private Path webroot;

    @BeforeEach
    void aDueLineageAndAnAttacker() throws Exception {
        attacker = LocalUser.create();
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x")); // so that the attacker reaches in
        config = home.resolve("config");
        Instant now = Instant.now();
        new LineageFixture(config).save(NAME, KeySpec.EC_P256, now.minus(Duration.ofDays(89)), now.plus(Duration.ofDays(1)), NAME);
        passwd = Files.copy(Path.of("/etc/passwd"), rootOnly.resolve("passwd"));
        passwdContent = Files.readAllBytes(passwd);
        marker = rootOnly.resolve("hook-ran");
        webroot = Files.createDirectories(home.resolve("webroot"));
    }

    @AfterEach
    void removeTheAttacker() throws Exception {
        if (attacker != null) {
            attacker.close();
        }
    }

    @Test
    void aConfigDirectoryOwnedByAnotherUserIsRefused() throws Exception {
        Files.setAttribute(config, "unix:uid", attacker.uid());
        plantLockLinkAndSettings();

        assertRefusedBeforeAnythingRuns(config + " is owned by uid " + attacker.uid()
                + ", not by root or the user certkeeper runs as (uid 0); run chown root " + config, true);
    }

    @Test
    void aConfigDirectoryWritableByAnotherUsersGroupIsRefused() throws Exception {
        Files.setAttribute(config, "unix:gid", attacker.gid());
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rwxrwxr-x"));
        plantLockLinkAndSettings();

        assertRefusedBeforeAnythingRuns(config + " is writable by its group (rwxrwxr-x); run chmod g-w " + config, true);
    }

    @Test
    void aSettingsDirectoryOwnedByAnotherUserIsRefused() throws Exception {
        Path settingsDir = Files.createDirectory(config.resolve("certkeeper"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.setAttribute(settingsDir, "unix:uid", attacker.uid());
        attacker.run("cp", stagedSettings().toString(), settingsDir.resolve(NAME + ".json").toString());

        assertRefusedBeforeAnythingRuns(settingsDir + " is owned by uid " + attacker.uid()
                + ", not by root or the user certkeeper runs as (uid 0); run chown root " + settingsDir, true);
    }

    /** Only the library's check stands here: the directories are root's, the file is not. */
    @Test
    void aSettingsFileOwnedByAnotherUserIsNeverRead() throws Exception {
        Path settingsDir = Files.createDirectory(config.resolve("certkeeper"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path file = Files.copy(stagedSettings(), settingsDir.resolve(NAME + ".json"));
        Files.setAttribute(file, "unix:uid", attacker.uid());

        assertRefusedBeforeAnythingRuns(file + " is owned by uid " + attacker.uid()
                + ", not by root or the user certkeeper runs as (uid 0); run chown root " + file, false);
    }

    /** As the attacker: the lock file as a link to root's copy of /etc/passwd, and settings with hooks. */
    private void plantLockLinkAndSettings() throws Exception {
        Path lock = config.resolve(".certkeeper.lock");
        attacker.run("ln", "-sfn", passwd.toString(), lock.toString());
        attacker.run("mkdir", "-p", config.resolve("certkeeper").toString());
        attacker.run("cp", stagedSettings().toString(), config.resolve("certkeeper/" + NAME + ".json").toString());
        assertThat(Files.isSymbolicLink(lock)).isTrue();
    }

    /** Renewal settings for the lineage whose pre and post hooks leave a marker, readable by the attacker. */
    private Path stagedSettings() throws Exception {
        Path scratch = Files.createTempDirectory(home, "staging");
        DomainName domain = DomainName.of(NAME);
        RenewalSettingsStore store = new RenewalSettingsStore(scratch);
        store.save(new RenewalSettings(new CertificateRequest(NAME, List.of(domain), KeySpec.EC_P256),
                CertificateAuthority.of(CA), Optional.empty(), new ChallengeMethod.Webroot(Map.of(domain, webroot)),
                new LineageHooks(Optional.of("touch " + marker), Optional.of("touch " + marker), Optional.empty()),
                RenewalSettings.DEFAULT_KEEP_VERSIONS, Optional.empty()));
        Path staged = Files.copy(store.file(NAME), home.resolve("planted-" + scratch.getFileName() + ".json"));
        Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-r--r--"));
        return staged;
    }

    private void assertRefusedBeforeAnythingRuns(String problem, boolean certonlyToo) throws Exception {
        List<Finished> runs = new ArrayList<>(List.of(run("renew", "-n", "--config-dir", config.toString()),
                run("renew", "-n", "--force-renewal", "--cert-name", NAME, "--config-dir", config.toString())));
        if (certonlyToo) {
            runs.add(run("certonly", "-n", "--agree-tos", "--config-dir", config.toString(), "--server", CA,
                    "--webroot", "-w", webroot.toString(), "-d", NAME));
        }
        for (Finished run : runs) {
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
            assertThat(run.err().lines().filter(line -> line.startsWith("certkeeper: "))).as(run.toString())
                    .singleElement().asString().startsWith("certkeeper: ").contains("Refusing the ").endsWith(": " + problem);
        }
        assertThat(marker).as("a hook of the planted settings ran as root").doesNotExist();
        assertThat(Files.readAllBytes(passwd)).as("the link's target").isEqualTo(passwdContent);
        assertThat(Files.size(passwd)).isEqualTo(passwdContent.length);
        assertThat(config.resolve("archive/" + NAME + "/cert2.pem")).doesNotExist();
        assertThat(Files.exists(config.resolve(".certkeeper.lock"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    private Finished run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(RunningCertkeeper.DIST.resolve("bin/certkeeper").toString()));
        command.addAll(List.of(args));
        return RunningCertkeeper.runToEnd(home, Map.of(), command);
    }

}
