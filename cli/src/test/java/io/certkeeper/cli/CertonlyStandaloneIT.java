package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.challenge.InMemoryChallengeStore;
import io.certkeeper.acme.testing.Pebble;
import io.certkeeper.acme.testing.PebbleServer;
import io.certkeeper.acme.testing.RequiresPebble;
import io.certkeeper.server.ChallengeServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code certkeeper certonly --standalone} against a real Pebble, answering with the real responder. */
@RequiresPebble
class CertonlyStandaloneIT {

    @RegisterExtension
    static final PebbleServer pebble = PebbleServer.withDefaults();

    @TempDir
    Path home;

    private Path configDir() {
        return home.resolve("certkeeper");
    }

    private CliArgs certonlyArgs() {
        return CliArgs.certonly(pebble.get(), configDir()).with("--email", "ops@example.test");
    }

    private CliRun certonly(String... extra) {
        return CliRun.run(home, certonlyArgs().with(extra));
    }

    private CliRun standalone(String... extra) {
        return CliRun.run(home, certonlyArgs().standalone(pebble.get()).with(extra));
    }

    @Test
    void issuesKeepsAndRenewsACertificateForTwoNames() throws Exception {
        CliRun first = standalone("-d", "a.standalone.test", "-d", "b.standalone.test");

        assertThat(first.exitCode()).as(first + pebble.logs()).isZero();
        IssuedFiles files = IssuedFiles.of(configDir(), "a.standalone.test");
        files.assertComplete(pebble.issuingRoot());
        assertThat(files.dnsNames()).containsExactlyInAnyOrder("a.standalone.test", "b.standalone.test");
        assertThat(files.leaf().getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(first.err()).contains("Registered account", "Validated a.standalone.test", "Validated b.standalone.test",
                "Finalizing", "Saved certificate");
        assertThat(first.out()).contains(files.live().resolve("fullchain.pem").toString(),
                files.live().resolve("privkey.pem").toString(), "expires:");
        assertThat(files.archiveTarget("fullchain.pem")).endsWith("fullchain1.pem");
        assertThat(Files.getPosixFilePermissions(Files.list(configDir().resolve("accounts")).findFirst().orElseThrow()
                .resolve("account.key"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        CliRun again = standalone("-d", "a.standalone.test", "-d", "b.standalone.test");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("not yet due", "--force-renewal");
        assertThat(again.err()).doesNotContain("Validated");
        assertThat(files.archiveTarget("fullchain.pem")).endsWith("fullchain1.pem");

        CliRun forced = standalone("-d", "a.standalone.test", "-d", "b.standalone.test", "--force-renewal");
        assertThat(forced.exitCode()).as(forced + pebble.logs()).isZero();
        assertThat(forced.err()).contains("Using account").doesNotContain("Registered account");
        assertThat(files.archiveTarget("fullchain.pem")).endsWith("fullchain2.pem");
        files.assertComplete(pebble.issuingRoot());
        assertThat(configDir().resolve("archive/a.standalone.test/fullchain1.pem")).isRegularFile();
    }

    @Test
    void issuesOneCertificateForFiveNames() throws Exception {
        List<String> args = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            args.add("-d");
            args.add("n" + i + ".five.test");
        }
        CliRun run = standalone(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run + pebble.logs()).isZero();
        IssuedFiles files = IssuedFiles.of(configDir(), "n1.five.test");
        files.assertComplete(pebble.issuingRoot());
        assertThat(files.dnsNames()).hasSize(5).contains("n5.five.test");
    }

    @Test
    void issuesWithAnRsaKey() throws Exception {
        CliRun run = standalone("-d", "rsa.keys.test", "--key-type", "rsa", "--rsa-key-size", "3072", "--cert-name", "rsa");

        assertThat(run.exitCode()).as(run + pebble.logs()).isZero();
        IssuedFiles files = IssuedFiles.of(configDir(), "rsa");
        files.assertComplete(pebble.issuingRoot());
        assertThat(files.leaf().getPublicKey()).isInstanceOfSatisfying(RSAPublicKey.class,
                key -> assertThat(key.getModulus().bitLength()).isEqualTo(3072));
    }

    @Test
    void issuesWithAP384Key() throws Exception {
        CliRun run = standalone("-d", "p384.keys.test", "--key-type", "ecdsa", "--elliptic-curve", "secp384r1");

        assertThat(run.exitCode()).as(run + pebble.logs()).isZero();
        IssuedFiles files = IssuedFiles.of(configDir(), "p384.keys.test");
        files.assertComplete(pebble.issuingRoot());
        assertThat(files.leaf().getPublicKey()).isInstanceOfSatisfying(ECPublicKey.class,
                key -> assertThat(key.getParams().getCurve().getField().getFieldSize()).isEqualTo(384));
    }

    @Test
    void showsTheCasErrorAndKeepsTheCurrentCertificateWhenValidationFails() throws Exception {
        CliRun issued = standalone("-d", "fail.standalone.test");
        assertThat(issued.exitCode()).as(issued + pebble.logs()).isZero();
        IssuedFiles files = IssuedFiles.of(configDir(), "fail.standalone.test");
        byte[] before = Files.readAllBytes(files.live().resolve("fullchain.pem"));
        Path webroot = Files.createDirectory(home.resolve("webroot"));

        // The CA reaches a responder that knows no token, so it sees a 404.
        try (ChallengeServer empty = ChallengeServer.builder(new InMemoryChallengeStore()).address("127.0.0.1")
                .port(pebble.httpPort()).start()) {
            CliRun failed = certonly("--webroot", "-w", webroot.toString(), "-d", "fail.standalone.test", "--force-renewal");

            assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.VALIDATION);
            assertThat(failed.errorLines()).singleElement().asString()
                    .contains("fail.standalone.test", "404", "could not validate");
        }
        assertThat(Files.readAllBytes(files.live().resolve("fullchain.pem"))).isEqualTo(before);
        assertThat(files.archiveTarget("fullchain.pem")).endsWith("fullchain1.pem");
        assertThat(webroot).isEmptyDirectory();
    }

    @Test
    void reportsANameTheCaRefuses() {
        CliRun run = standalone("-d", Pebble.BLOCKED_DOMAIN);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.VALIDATION);
        assertThat(run.errorLines()).singleElement().asString().contains("rejectedIdentifier", Pebble.BLOCKED_DOMAIN);
        assertThat(configDir().resolve("live")).doesNotExist();
    }
}
