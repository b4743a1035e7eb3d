package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.crypto.Pem;
import io.certkeeper.acme.testing.PebbleServer;
import io.certkeeper.acme.testing.RequiresPebble;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certonly --profile}, {@code --reuse-key} and IP address identifiers against a real Pebble
 * 2.4.0, which offers neither profiles nor ARI, and validates an IP identifier by connecting to the
 * address itself on its HTTP port.
 */
@RequiresPebble
class CertonlyOrderOptionsIT {

    @RegisterExtension
    static final PebbleServer pebble = PebbleServer.withDefaults();

    @TempDir
    Path home;

    private Path configDir() {
        return home.resolve("certkeeper");
    }

    private CliRun standaloneOn(String address, String... extra) {
        return CliRun.run(home, CliArgs.certonly(pebble.get(), configDir()).standalone(pebble.get(), address).with(extra));
    }

    private CliRun standalone(String... extra) {
        return standaloneOn("127.0.0.1", extra);
    }

    private byte[] archivedKey(String name, int version) throws Exception {
        return Pem.readPrivateKey(configDir().resolve("archive").resolve(name).resolve("privkey" + version + ".pem"))
                .getEncoded();
    }

    @Test
    void aProfileTheCaDoesNotOfferIsRefusedBeforeAnythingIsWritten() {
        CliRun run = standalone("-d", "profile.options.test", "--profile", "shortlived");

        assertThat(run.exitCode()).as(run + pebble.logs()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errorLines()).singleElement().asString()
                .isEqualTo("certkeeper: The CA offers no certificate profiles, so it cannot issue with the profile "
                        + "'shortlived'; order without a profile");
        assertThat(run.err()).doesNotContain("Registered account", "Created order");
        assertThat(configDir()).doesNotExist();
    }

    @Test
    void aRenewalWithReuseKeyKeepsTheKeyAndOneWithoutGetsANewOne() throws Exception {
        CliRun first = standalone("-d", "reuse.options.test");
        assertThat(first.exitCode()).as(first + pebble.logs()).isZero();

        // Pebble has no renewalInfo, so these renewals must go without ARI's replaces.
        CliRun reused = standalone("-d", "reuse.options.test", "--force-renewal", "--reuse-key");
        assertThat(reused.exitCode()).as(reused + pebble.logs()).isZero();
        assertThat(reused.err()).contains("Note: Reusing the private key of reuse.options.test");
        CliRun renewed = standalone("-d", "reuse.options.test", "--force-renewal");
        assertThat(renewed.exitCode()).as(renewed + pebble.logs()).isZero();

        assertThat(archivedKey("reuse.options.test", 2)).isEqualTo(archivedKey("reuse.options.test", 1));
        assertThat(archivedKey("reuse.options.test", 3)).isNotEqualTo(archivedKey("reuse.options.test", 2));
        IssuedFiles files = IssuedFiles.of(configDir(), "reuse.options.test");
        assertThat(files.archiveTarget("privkey.pem")).endsWith("privkey3.pem");
        files.assertComplete(pebble.issuingRoot());
        assertThat(pebble.logs()).doesNotContain("replaces");
    }

    @Test
    void aBareRenewKeepsTheStoredReuseKeyChoice() throws Exception {
        CliRun first = standalone("-d", "stored.options.test", "--reuse-key");
        assertThat(first.exitCode()).as(first + pebble.logs()).isZero();

        CliRun renewed = CliRun.run(home, "renew", "--force-renewal", "--config-dir", configDir().toString());

        assertThat(renewed.exitCode()).as(renewed + pebble.logs()).isZero();
        assertThat(renewed.out()).contains("stored.options.test: renewed");
        assertThat(archivedKey("stored.options.test", 2)).isEqualTo(archivedKey("stored.options.test", 1));
        assertThat(Files.readString(configDir().resolve("certkeeper/stored.options.test.json"))).contains("\"reuseKey\": true");
    }

    @Test
    void reuseKeyWithAnotherKeyTypeGetsANewKeyOfThatTypeWithANote() throws Exception {
        CliRun first = standalone("-d", "retype.options.test");
        assertThat(first.exitCode()).as(first + pebble.logs()).isZero();

        CliRun retyped = standalone("-d", "retype.options.test", "--force-renewal", "--reuse-key", "--key-type", "rsa");

        assertThat(retyped.exitCode()).as(retyped + pebble.logs()).isZero();
        assertThat(retyped.err()).contains("Note: Not reusing the key of retype.options.test: it is ecdsa secp256r1 "
                + "and rsa 2048 was asked for; generating a new key");
        IssuedFiles files = IssuedFiles.of(configDir(), "retype.options.test");
        files.assertComplete(pebble.issuingRoot());
        assertThat(files.leaf().getPublicKey()).isInstanceOf(RSAPublicKey.class);
    }

    @Test
    void issuesForAnIpv4AddressAndKnowsItHasItOnTheNextRun() throws Exception {
        CliRun run = standalone("-d", "127.0.0.1");

        assertThat(run.exitCode()).as(run + pebble.logs()).isZero();
        assertThat(run.out()).contains("Certificate 127.0.0.1 saved for 127.0.0.1.");
        IssuedFiles files = IssuedFiles.of(configDir(), "127.0.0.1");
        files.assertComplete(pebble.issuingRoot());
        assertThat(files.ipAddresses()).containsExactly("127.0.0.1");
        assertThat(files.dnsNames()).isEmpty();
        assertThat(Files.readString(pebble.pebbleLog())).contains("http://127.0.0.1:" + pebble.httpPort()
                + "/.well-known/acme-challenge/");

        CliRun again = standalone("-d", "127.0.0.1");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("not yet due");
    }

    @Test
    void issuesOneCertificateForANameAndAnAddress() throws Exception {
        CliRun run = standalone("-d", "mixed.options.test,127.0.0.1");

        assertThat(run.exitCode()).as(run + pebble.logs()).isZero();
        assertThat(run.err()).contains("Validated mixed.options.test", "Validated 127.0.0.1");
        IssuedFiles files = IssuedFiles.of(configDir(), "mixed.options.test");
        files.assertComplete(pebble.issuingRoot());
        assertThat(files.dnsNames()).containsExactly("mixed.options.test");
        assertThat(files.ipAddresses()).containsExactly("127.0.0.1");
    }

    @Test
    void theFirstNameIsTheSubjectAndTheNamesKeepTheirOrder() throws Exception {
        List<String> names = List.of("z.order.test", "b.order.test", "y.order.test", "a.order.test");
        CliRun run = standalone("-d", String.join(",", names));

        // Pebble lists an order's identifiers in random order; the CSR is what fixes it.
        assertThat(run.exitCode()).as(run + pebble.logs()).isZero();
        IssuedFiles files = IssuedFiles.of(configDir(), "z.order.test");
        assertThat(files.leaf().getSubjectX500Principal().getName()).isEqualTo("CN=z.order.test");
        assertThat(files.dnsNames()).containsExactlyElementsOf(names);
    }

    @Test
    void issuesForAnIpv6AddressUnderADirectoryNameWithoutColons() throws Exception {
        CliRun run = standaloneOn("::1", "-d", "0:0::1");

        assertThat(run.exitCode()).as(run + pebble.logs()).isZero();
        assertThat(run.out()).contains("Certificate 0--1 saved for ::1.");
        IssuedFiles files = IssuedFiles.of(configDir(), "0--1");
        files.assertComplete(pebble.issuingRoot());
        assertThat(files.ipAddresses()).containsExactly("0:0:0:0:0:0:0:1");
    }
}
