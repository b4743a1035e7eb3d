package io.certkeeper.acme.store;

import static io.certkeeper.acme.store.Fixtures.issue;
import static io.certkeeper.acme.store.Fixtures.mode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.CertificateRequest;
import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.crypto.Pem;
import io.certkeeper.acme.store.Fixtures.Issued;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CertificateStore#savePlaceholder} on a real directory. */
class CertificateStorePlaceholderTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration WEEK = Duration.ofDays(7);

    @TempDir
    Path dir;

    private CertificateStore store() {
        return new CertificateStore(dir.resolve("letsencrypt"));
    }

    private static CertificateRequest request(KeySpec keySpec, String... names) {
        return new CertificateRequest(names[0], Stream.of(names).map(DomainName::of).toList(), keySpec);
    }

    @Test
    void writesAPlaceholderAsVersionOneInCertbotsLayout() throws Exception {
        CertificateStore store = store();

        Lineage lineage = store.savePlaceholder(request(KeySpec.EC_P256, "a.example.com", "www.a.example.com"), WEEK, CLOCK)
                .orElseThrow();

        Path root = store.directory();
        Path live = root.resolve("live/a.example.com");
        assertThat(lineage.version()).isEqualTo(1);
        assertThat(lineage.placeholder()).isTrue();
        for (String kind : List.of("cert", "chain", "fullchain", "privkey")) {
            assertThat(Files.readSymbolicLink(live.resolve(kind + ".pem"))).hasToString("../../archive/a.example.com/" + kind + "1.pem");
        }
        assertThat(mode(root.resolve("archive/a.example.com/privkey1.pem"))).isEqualTo("rw-------");
        assertThat(mode(root.resolve("archive/a.example.com/fullchain1.pem"))).isEqualTo("rw-r--r--");
        assertThat(mode(root.resolve("archive/a.example.com"))).isEqualTo("rwx------");
        assertThat(mode(live)).isEqualTo("rwxr-xr-x");

        X509Certificate leaf = lineage.leaf();
        assertThat(Pem.readCertificates(lineage.certPath())).containsExactly(leaf);
        // Its own issuer: chain.pem is never empty, so ssl_trusted_certificate chain.pem loads too.
        assertThat(Pem.readCertificates(lineage.chainPath())).containsExactly(leaf);
        assertThat(Pem.readCertificates(lineage.fullchainPath())).containsExactly(leaf, leaf);
        assertThat(Pem.matches(Pem.readPrivateKey(lineage.privkeyPath()), leaf.getPublicKey())).isTrue();
        assertThat(KeySpec.EC_P256.matches(leaf.getPublicKey())).isTrue();
        assertThat(Fixtures.temporaries(root)).isEmpty();
    }

    @Test
    void thePlaceholderCarriesTheNamesAndIsValidForTheGivenTime() throws Exception {
        Lineage lineage = store().savePlaceholder(request(KeySpec.EC_P256, "a.example.com", "192.0.2.10", "2001:db8::1"),
                WEEK, CLOCK).orElseThrow();

        X509Certificate leaf = lineage.leaf();
        assertThat(lineage.names()).containsExactly("a.example.com");
        assertThat(lineage.ipAddresses()).containsExactly(InetAddress.getByName("192.0.2.10"), InetAddress.getByName("2001:db8::1"));
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("O=certkeeper placeholder,CN=a.example.com");
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(leaf.getSubjectX500Principal());
        assertThat(leaf.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofMinutes(1)));
        assertThat(lineage.notAfter()).isEqualTo(NOW.plus(WEEK));
        assertThat(leaf.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(lineage.toString()).contains("placeholder");
    }

    @Test
    void findReadsThePlaceholderBackAsOne() throws Exception {
        CertificateStore store = store();
        store.savePlaceholder(request(KeySpec.RSA_2048, "r.example.com"), WEEK, CLOCK);

        Lineage found = new CertificateStore(store.directory()).find("r.example.com").orElseThrow();

        assertThat(found.placeholder()).isTrue();
        assertThat(found.privateKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(KeySpec.RSA_2048.matches(found.leaf().getPublicKey())).isTrue();
    }

    @Test
    void anExistingLineageIsNeverOverwritten() throws Exception {
        CertificateStore store = store();
        Issued issued = issue("a.example.com");
        Lineage real = store.save("a.example.com", issued.key().getPrivate(), issued.chain());
        Path fullchain = store.directory().resolve("archive/a.example.com/fullchain1.pem");
        String before = Files.readString(fullchain);

        Optional<Lineage> placeholder = store.savePlaceholder(request(KeySpec.EC_P256, "a.example.com"), WEEK, CLOCK);

        assertThat(placeholder).isEmpty();
        assertThat(store.find("a.example.com")).contains(real);
        assertThat(real.placeholder()).isFalse();
        assertThat(Files.readString(fullchain)).isEqualTo(before);
        assertThat(store.directory().resolve("archive/a.example.com/cert2.pem")).doesNotExist();
    }

    @Test
    void aSecondPlaceholderLeavesTheFirstAlone() throws Exception {
        CertificateStore store = store();
        Lineage first = store.savePlaceholder(request(KeySpec.EC_P256, "a.example.com"), WEEK, CLOCK).orElseThrow();

        Optional<Lineage> second = store.savePlaceholder(request(KeySpec.EC_P256, "a.example.com"), WEEK,
                Clock.offset(CLOCK, Duration.ofDays(1)));

        assertThat(second).isEmpty();
        assertThat(store.find("a.example.com")).contains(first);
    }

    @Test
    void theRealCertificateReplacesThePlaceholderAsVersionTwo() throws Exception {
        CertificateStore store = store();
        Lineage placeholder = store.savePlaceholder(request(KeySpec.EC_P256, "a.example.com"), WEEK, CLOCK).orElseThrow();
        Issued issued = issue("a.example.com");

        Lineage real = store.save("a.example.com", issued.key().getPrivate(), issued.chain());

        assertThat(real.version()).isEqualTo(2);
        assertThat(real.placeholder()).isFalse();
        assertThat(Files.readSymbolicLink(real.fullchainPath())).hasToString("../../archive/a.example.com/fullchain2.pem");
        assertThat(Pem.readCertificates(real.fullchainPath())).containsExactlyElementsOf(issued.chain());
        Lineage found = store.find("a.example.com").orElseThrow();
        assertThat(found.placeholder()).isFalse();
        assertThat(found.privateKey()).isNotEqualTo(placeholder.privateKey());
    }

    @Test
    void theLockHeldByTheCallerIsUsed() throws Exception {
        CertificateStore store = store();

        try (StoreLock lock = store.lock()) {
            assertThat(store.savePlaceholder(request(KeySpec.EC_P256, "a.example.com"), WEEK, CLOCK)).isPresent();
        }
    }

    @Test
    void aValidityThatIsNotPositiveIsRefusedBeforeWriting() {
        CertificateStore store = store();

        assertThatThrownBy(() -> store.savePlaceholder(request(KeySpec.EC_P256, "a.example.com"), Duration.ZERO, CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThat(store.directory()).doesNotExist();
    }
}
