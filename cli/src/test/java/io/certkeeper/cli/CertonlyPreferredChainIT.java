package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.testing.PebbleServer;
import io.certkeeper.acme.testing.RequiresPebble;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.TreeSet;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certonly --preferred-chain} against a Pebble that issues under three roots, through three
 * intermediates each: it sends the chain to root 0 and links the chains to roots 1 and 2 as
 * alternates (RFC 8555 §7.4.2).
 */
@RequiresPebble
class CertonlyPreferredChainIT {

    @RegisterExtension
    static final PebbleServer pebble = PebbleServer.configured(builder -> builder
            .env("PEBBLE_ALTERNATE_ROOTS", "2").env("PEBBLE_CHAIN_LENGTH", "3"));

    private static X509Certificate defaultRoot;
    private static X509Certificate alternateRoot;
    private static X509Certificate secondAlternateRoot;

    @TempDir
    Path home;

    @BeforeAll
    static void fetchRoots() {
        defaultRoot = pebble.root(0);
        alternateRoot = pebble.root(1);
        secondAlternateRoot = pebble.root(2);
    }

    private Path configDir() {
        return home.resolve("certkeeper");
    }

    private CliRun standalone(String... extra) {
        return CliRun.run(home, CliArgs.certonly(pebble.get(), configDir()).standalone(pebble.get()).with(extra));
    }

    private static String commonName(X509Certificate root) {
        String dn = root.getSubjectX500Principal().getName(X500Principal.RFC2253);
        assertThat(dn).as("Pebble's root DN").startsWith("CN=").doesNotContain(",");
        return dn.substring("CN=".length());
    }

    @Test
    void theRootsDiffer() {
        assertThat(defaultRoot).isEqualTo(pebble.issuingRoot());
        assertThat(List.of(commonName(defaultRoot), commonName(alternateRoot), commonName(secondAlternateRoot)))
                .doesNotHaveDuplicates();
    }

    @Test
    void keepsTheAlternateChainEndingAtThePreferredRoot() throws Exception {
        List<X509Certificate> alternates = List.of(alternateRoot, secondAlternateRoot);
        for (int i = 0; i < alternates.size(); i++) {
            X509Certificate root = alternates.get(i);
            String name = "alt" + i + ".chain.test";
            CliRun run = standalone("-d", name, "--preferred-chain", commonName(root));

            assertThat(run.exitCode()).as(run + pebble.logs()).isZero();
            assertThat(run.err()).doesNotContain("Note:");
            IssuedFiles files = IssuedFiles.of(configDir(), name);
            files.assertComplete(root);
            assertThat(files.chainsTo(defaultRoot)).as("chains to the default root").isFalse();
            // The leaf and three intermediates: only the topmost one's issuer is the root.
            assertThat(files.fullchain()).hasSize(4);
        }
    }

    @Test
    void keepsTheDefaultChainWithoutTheOptionOrWhenItIsTheDefaultRoot() throws Exception {
        CliRun plain = standalone("-d", "plain.chain.test");
        CliRun preferred = standalone("-d", "preferred.chain.test", "--preferred-chain", commonName(defaultRoot));

        for (CliRun run : List.of(plain, preferred)) {
            assertThat(run.exitCode()).as(run + pebble.logs()).isZero();
            assertThat(run.err()).doesNotContain("Note:");
        }
        for (String name : List.of("plain.chain.test", "preferred.chain.test")) {
            IssuedFiles files = IssuedFiles.of(configDir(), name);
            files.assertComplete(defaultRoot);
            assertThat(files.chainsTo(alternateRoot)).isFalse();
        }
    }

    @Test
    void fallsBackToTheDefaultChainWithANoteWhenNoChainMatches() throws Exception {
        CliRun run = standalone("-d", "nomatch.chain.test", "--preferred-chain", "ISRG Root X1");

        assertThat(run.exitCode()).as(run + pebble.logs()).isZero();
        assertThat(run.err()).contains("Note: No chain the CA offers ends at an issuer named 'ISRG Root X1' (it offers "
                + String.join(", ", new TreeSet<>(List.of(commonName(defaultRoot), commonName(alternateRoot),
                        commonName(secondAlternateRoot)))) + "); keeping the default chain");
        IssuedFiles.of(configDir(), "nomatch.chain.test").assertComplete(defaultRoot);
    }
}
