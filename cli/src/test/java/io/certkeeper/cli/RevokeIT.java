package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.testing.PebbleServer;
import io.certkeeper.acme.testing.RequiresPebble;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certkeeper revoke} against a real Pebble: a certificate obtained with {@code certonly
 * --standalone} is revoked with the account that ordered it, a second revocation is refused with
 * the CA's {@code alreadyRevoked} made clear, and {@code --delete-after-revoke} removes the files.
 */
@RequiresPebble
class RevokeIT {

    @RegisterExtension
    static final PebbleServer pebble = PebbleServer.withDefaults();

    @TempDir
    Path home;

    private Path configDir() {
        return home.resolve("certkeeper");
    }

    private void certonly(String domain) {
        CliRun run = CliRun.run(home, CliArgs.certonly(pebble.get(), configDir()).standalone(pebble.get()).domains(domain));
        assertThat(run.exitCode()).as(run + pebble.logs()).isZero();
    }

    private CliRun revoke(String... extra) {
        return CliRun.run(home, CliArgs.of("revoke").configDir(configDir()).with(extra));
    }

    @Test
    void revokesOnceAndRefusesTheSecondRevocationClearly() throws Exception {
        certonly("once.revoke.test");
        String serial = IssuedFiles.of(configDir(), "once.revoke.test").leaf().getSerialNumber().toString(16);

        CliRun first = revoke("-n", "--cert-name", "once.revoke.test", "--reason", "keyCompromise");

        assertThat(first.exitCode()).as(first + pebble.logs()).isZero();
        assertThat(first.out()).contains("Revoked certificate once.revoke.test (serial " + serial + ") at "
                + pebble.directoryUrl() + ", reason keycompromise.");
        assertThat(first.out()).contains("certkeeper renew --cert-name once.revoke.test --force-renewal");
        assertThat(configDir().resolve("live/once.revoke.test/fullchain.pem")).as("the files stay").exists();

        CliRun second = revoke("-n", "--cert-name", "once.revoke.test");

        assertThat(second.exitCode()).as(second + pebble.logs()).isEqualTo(ExitCode.FAILURE);
        assertThat(second.errorLines()).singleElement().asString()
                .startsWith("certkeeper: Certificate once.revoke.test (serial " + serial + ") is already revoked at "
                        + pebble.directoryUrl() + "; nothing was changed");
        assertThat(second.out()).doesNotContain("Revoked");
    }

    @Test
    void revokesAFileWithTheCaOptionsAndDeletesNothing() throws Exception {
        certonly("file.revoke.test");
        Path cert = configDir().resolve("live/file.revoke.test/cert.pem");

        CliRun run = revoke("-n", "--cert-path", cert.toString(), "--server", pebble.directoryUrl().toString(),
                "--ca-bundle", pebble.caBundle().toString(), "--reason", "superseded");

        assertThat(run.exitCode()).as(run + pebble.logs()).isZero();
        assertThat(run.out()).contains("Revoked the certificate in " + cert, "reason superseded");
        CliRun again = revoke("-n", "--cert-name", "file.revoke.test");
        assertThat(again.exitCode()).as("the CA really revoked it: " + again).isEqualTo(ExitCode.FAILURE);
        assertThat(again.errorLines()).singleElement().asString().contains("is already revoked");
    }

    @Test
    void deletesTheFilesAfterRevoking() throws Exception {
        certonly("gone.revoke.test");

        CliRun run = revoke("-n", "--cert-name", "gone.revoke.test", "--delete-after-revoke");

        assertThat(run.exitCode()).as(run + pebble.logs()).isZero();
        assertThat(run.out()).contains("Revoked certificate gone.revoke.test", "Deleted certificate gone.revoke.test");
        assertThat(configDir().resolve("live/gone.revoke.test")).doesNotExist();
        assertThat(configDir().resolve("archive/gone.revoke.test")).doesNotExist();
        assertThat(configDir().resolve("certkeeper/gone.revoke.test.json")).doesNotExist();
    }

    @Test
    void withoutATerminalAndWithoutDashNNothingIsRevoked() throws Exception {
        certonly("asked.revoke.test");

        CliRun run = revoke("--cert-name", "asked.revoke.test");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).singleElement().asString().contains("pass -n");
        CliRun revoked = revoke("-n", "--cert-name", "asked.revoke.test");
        assertThat(revoked.exitCode()).as("it was not revoked before: " + revoked + pebble.logs()).isZero();
    }
}
