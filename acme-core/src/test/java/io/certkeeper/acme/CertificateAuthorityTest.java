package io.certkeeper.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CertificateAuthorityTest {

    @ParameterizedTest
    @CsvSource({
        "letsencrypt, https://acme-v02.api.letsencrypt.org/directory",
        "letsencrypt-staging, https://acme-staging-v02.api.letsencrypt.org/directory",
        "zerossl, https://acme.zerossl.com/v2/DV90",
        "google, https://dv.acme-v02.api.pki.goog/directory",
        "google-staging, https://dv.acme-v02.test-api.pki.goog/directory",
        "sslcom-ecc, https://acme.ssl.com/sslcom-dv-ecc",
        "sslcom-staging-rsa, https://acme-try.ssl.com/sslcom-dv-rsa",
        "actalis, https://acme-api.actalis.com/acme/directory"
    })
    void everyPresetResolvesThroughAcme4jsProviders(String preset, String directory) {
        CertificateAuthority ca = CertificateAuthority.of(preset);
        assertThat(AcmeSessions.open(ca).provider().resolve(ca.directory()).toString()).isEqualTo(directory);
    }

    @Test
    void acceptsADirectoryUrl() {
        CertificateAuthority ca = CertificateAuthority.of("https://127.0.0.1:14000/dir");
        assertThat(ca.directory()).isEqualTo(URI.create("https://127.0.0.1:14000/dir"));
        assertThat(ca.storageKey()).isEqualTo("127.0.0.1_14000");
    }

    @Test
    void keepsAccountsOfDifferentCasApart() {
        assertThat(CertificateAuthority.of("letsencrypt").storageKey()).isEqualTo("letsencrypt.org");
        assertThat(CertificateAuthority.of("letsencrypt-staging").storageKey()).isEqualTo("letsencrypt.org_staging");
    }

    @Test
    void rejectsAnUnknownPresetListingTheKnownOnes() {
        assertThatThrownBy(() -> CertificateAuthority.of("letsencrpyt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown CA preset 'letsencrpyt'")
                .hasMessageContaining("letsencrypt-staging");
        assertThatThrownBy(() -> CertificateAuthority.of("ftp://example.com/dir")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesACaBundleWithoutCertificates(@TempDir Path dir) throws Exception {
        Path bundle = Files.writeString(dir.resolve("bundle.pem"), "not a certificate\n");
        CertificateAuthority ca = CertificateAuthority.of("https://127.0.0.1:14000/dir").withCaBundle(bundle);
        assertThatThrownBy(() -> AcmeSessions.open(ca)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(bundle.toString());
        CertificateAuthority missing = CertificateAuthority.of("https://127.0.0.1:14000/dir").withCaBundle(dir.resolve("nope.pem"));
        assertThatThrownBy(() -> AcmeSessions.open(missing)).hasMessageContaining("no such file");
    }

    @ParameterizedTest
    @CsvSource({
        "http://127.0.0.1:14000/dir", "http://127.8.9.10/dir", "http://localhost:4001/directory",
        "http://LOCALHOST/dir", "http://[::1]:14000/dir", "https://ca.example.test/dir", "acme://letsencrypt.org"
    })
    void aLoopbackOrHttpsDirectoryNeedsNoOptIn(String url) {
        CertificateAuthority ca = CertificateAuthority.of(url);
        assertThat(ca.plaintext()).isFalse();
        ca.requireSecureTransport();
        AcmeSessions.open(ca);
    }

    @ParameterizedTest
    @CsvSource({
        "http://ca.example.test/dir", "http://192.0.2.1/dir", "http://[2001:db8::1]/dir", "http://localhost.example.test/dir",
        "http://127.0.0.1.example.test/dir", "http://10.0.0.1/dir"
    })
    void aPlainHttpDirectoryElsewhereIsRefusedUnlessAllowed(String url) {
        CertificateAuthority ca = CertificateAuthority.of(url);
        assertThat(ca.plaintext()).isTrue();
        assertThatThrownBy(() -> AcmeSessions.open(ca)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(url).hasMessageContaining("https://").hasMessageContaining("allowingPlaintext()");
        assertThatThrownBy(() -> new AcmeClients().open(ca)).isInstanceOf(IllegalArgumentException.class);

        CertificateAuthority allowed = ca.allowingPlaintext();
        assertThat(allowed.plaintextAllowed()).isTrue();
        assertThat(allowed.withCaBundle(Path.of("/etc/ca.pem")).plaintextAllowed()).as("kept by withCaBundle").isTrue();
        assertThat(allowed.storageKey()).as("the same accounts").isEqualTo(ca.storageKey());
        AcmeSessions.open(allowed);
    }
}
