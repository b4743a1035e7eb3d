package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.crypto.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Reads and checks a lineage the way nginx and a TLS client would: through the {@code live/}
 * links, verifying the chain against the CA's root.
 *
 * @param live the {@code live/<name>} directory
 */
record IssuedFiles(Path live) {

    static IssuedFiles of(Path configDir, String name) {
        return new IssuedFiles(configDir.resolve("live").resolve(name));
    }

    List<X509Certificate> fullchain() throws IOException {
        return Pem.readCertificates(live.resolve("fullchain.pem"));
    }

    X509Certificate leaf() throws IOException {
        return fullchain().get(0);
    }

    PrivateKey privateKey() throws IOException {
        return Pem.readPrivateKey(live.resolve("privkey.pem"));
    }

    List<String> dnsNames() throws Exception {
        Collection<List<?>> sans = leaf().getSubjectAlternativeNames();
        List<String> names = new ArrayList<>();
        for (List<?> san : sans) {
            if (Integer.valueOf(2).equals(san.get(0))) {
                names.add((String) san.get(1));
            }
        }
        return names;
    }

    /** The leaf's IP address entries, as the JDK writes them ({@code 0:0:0:0:0:0:0:1} for {@code ::1}). */
    List<String> ipAddresses() throws Exception {
        List<String> addresses = new ArrayList<>();
        for (List<?> san : leaf().getSubjectAlternativeNames()) {
            if (Integer.valueOf(7).equals(san.get(0))) {
                addresses.add((String) san.get(1));
            }
        }
        return addresses;
    }

    /** Whether {@code fullchain.pem} verifies up to this root. */
    boolean chainsTo(X509Certificate root) throws IOException {
        List<X509Certificate> chain = fullchain();
        try {
            verifyChain(chain, root);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    String archiveTarget(String file) throws IOException {
        return Files.readSymbolicLink(live.resolve(file)).toString();
    }

    /** Checks everything nginx and a client need: links, modes, key match, chain to the root. */
    void assertComplete(X509Certificate root) throws Exception {
        for (String file : List.of("cert.pem", "chain.pem", "fullchain.pem", "privkey.pem")) {
            assertThat(live.resolve(file)).isSymbolicLink();
            assertThat(archiveTarget(file)).startsWith("../../archive/");
            assertThat(live.resolve(file)).isRegularFile();
        }
        assertThat(Files.getPosixFilePermissions(live.resolve("privkey.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Pem.matches(privateKey(), leaf().getPublicKey())).as("privkey matches cert").isTrue();
        assertThat(Pem.readCertificates(live.resolve("cert.pem"))).containsExactly(leaf());
        assertThat(Pem.readCertificates(live.resolve("chain.pem"))).isEqualTo(fullchain().subList(1, fullchain().size()));
        verifyChain(fullchain(), root);
    }

    private static void verifyChain(List<X509Certificate> chain, X509Certificate root) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
    }
}
