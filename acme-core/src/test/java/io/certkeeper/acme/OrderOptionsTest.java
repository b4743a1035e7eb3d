package io.certkeeper.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.store.CertificateStore;
import io.certkeeper.acme.store.Lineage;
import io.certkeeper.acme.testing.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.Metadata;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.toolbox.JSON;

/**
 * The decisions of {@link OrderOptions}, against directories as CAs serve them: Pebble 2.4.0's
 * (recorded from the Debian package; no profiles, no {@code renewalInfo}) and Let's Encrypt's
 * production directory of 2025 (three profiles, {@code renewalInfo}).
 */
class OrderOptionsTest {

    private static final TestPki PKI = new TestPki("Options Test Root");
    private static final List<DomainName> NAMES = List.of(DomainName.of("a.example.test"));

    @TempDir
    Path scratch;

    @Test
    void aCaWithoutProfilesRefusesAnyProfileUpFront() throws IOException {
        Metadata pebble = metadata("directory-pebble-2.4.0.json");

        assertThatThrownBy(() -> OrderOptions.checkProfile(pebble, Optional.of("shortlived")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The CA offers no certificate profiles, so it cannot issue with the profile 'shortlived'; "
                        + "order without a profile");
        assertThatCode(() -> OrderOptions.checkProfile(pebble, Optional.empty())).doesNotThrowAnyException();
    }

    @Test
    void aProfileTheCaListsIsAccepted() throws IOException {
        Metadata letsEncrypt = metadata("directory-letsencrypt.json");

        for (String profile : List.of("classic", "shortlived", "tlsserver")) {
            assertThatCode(() -> OrderOptions.checkProfile(letsEncrypt, Optional.of(profile))).doesNotThrowAnyException();
        }
        assertThatCode(() -> OrderOptions.checkProfile(letsEncrypt, Optional.empty())).doesNotThrowAnyException();
    }

    @Test
    void anUnlistedProfileIsRefusedWithTheCasProfilesAndTheirDescriptions() throws IOException {
        Metadata letsEncrypt = metadata("directory-letsencrypt.json");

        assertThatThrownBy(() -> OrderOptions.checkProfile(letsEncrypt, Optional.of("Shortlived")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The CA does not offer the profile 'Shortlived'; it offers "
                        + "classic (https://letsencrypt.org/docs/profiles#classic), "
                        + "shortlived (https://letsencrypt.org/docs/profiles#shortlived (not yet generally available)), "
                        + "tlsserver (https://letsencrypt.org/docs/profiles#tlsserver)");
    }

    @Test
    void longOrMultiLineDescriptionsAreLeftOutOrJoined() {
        Metadata metadata = new Metadata(JSON.parse("""
                {"profiles": {"long": "%s", "lines": "two\\n  lines", "empty": ""}}
                """.formatted("x".repeat(81))));

        assertThatThrownBy(() -> OrderOptions.checkProfile(metadata, Optional.of("other")))
                .hasMessageEndingWith("it offers empty, lines (two lines), long");
    }

    @Test
    void aRenewalNamesTheCertificateItReplacesOnlyWhenTheCaOffersAri() throws IOException {
        Lineage current = lineage(KeySpec.EC_P256.generate());

        assertThat(OrderOptions.replaces(true, Optional.of(current))).contains(current.leaf());
        assertThat(OrderOptions.replaces(false, Optional.of(current))).isEmpty();
        assertThat(OrderOptions.replaces(true, Optional.empty())).isEmpty();
        // What the issuer looks up in each recorded directory.
        assertThat(renewalInfo("directory-letsencrypt.json")).isTrue();
        assertThat(renewalInfo("directory-pebble-2.4.0.json")).isFalse();
    }

    @Test
    void reusesTheCurrentKeyOnlyWhenAsked() {
        KeyPair currentKey = KeySpec.EC_P256.generate();
        Lineage current = lineage(currentKey);
        CertificateRequest request = CertificateRequest.forDomains(NAMES, KeySpec.EC_P256);
        List<String> notes = new ArrayList<>();

        KeyPair fresh = OrderOptions.keyFor(request, Optional.of(current), listener(notes));
        KeyPair reused = OrderOptions.keyFor(request.withReuseKey(true), Optional.of(current), listener(notes));

        assertThat(fresh.getPrivate()).isNotEqualTo(currentKey.getPrivate());
        assertThat(reused.getPrivate()).isEqualTo(currentKey.getPrivate());
        assertThat(reused.getPublic()).isEqualTo(currentKey.getPublic());
        assertThat(notes).containsExactly("Reusing the private key of a.example.test (ecdsa secp256r1)");
    }

    @Test
    void aFirstCertificateGetsANewKeyEvenWithReuseAsked() {
        CertificateRequest request = CertificateRequest.forDomains(NAMES, KeySpec.EC_P384).withReuseKey(true);
        List<String> notes = new ArrayList<>();

        KeyPair key = OrderOptions.keyFor(request, Optional.empty(), listener(notes));

        assertThat(KeySpec.EC_P384.matches(key.getPublic())).isTrue();
        assertThat(notes).isEmpty();
    }

    @Test
    void aKeyOfAnotherTypeIsReplacedWithANoteSayingWhy() {
        KeyPair currentKey = KeySpec.EC_P256.generate();
        CertificateRequest request = CertificateRequest.forDomains(NAMES, KeySpec.RSA_2048).withReuseKey(true);
        List<String> notes = new ArrayList<>();

        KeyPair key = OrderOptions.keyFor(request, Optional.of(lineage(currentKey)), listener(notes));

        assertThat(KeySpec.RSA_2048.matches(key.getPublic())).isTrue();
        assertThat(notes).containsExactly("Not reusing the key of a.example.test: it is ecdsa secp256r1 and rsa 2048 "
                + "was asked for; generating a new key");
    }

    @Test
    void aPlaceholderIsNeitherReplacedNorItsKeyReused() throws Exception {
        CertificateRequest request = CertificateRequest.forDomains(NAMES, KeySpec.EC_P256).withReuseKey(true);
        Lineage placeholder = new CertificateStore(scratch).savePlaceholder(request, Duration.ofDays(7), Clock.systemUTC())
                .orElseThrow();
        List<String> notes = new ArrayList<>();

        KeyPair key = OrderOptions.keyFor(request, Optional.of(placeholder), listener(notes));

        assertThat(OrderOptions.replaces(true, Optional.of(placeholder))).as("the CA knows nothing of it").isEmpty();
        assertThat(key.getPrivate()).isNotEqualTo(placeholder.privateKey());
        assertThat(KeySpec.EC_P256.matches(key.getPublic())).isTrue();
        assertThat(notes).containsExactly("Not reusing the key of a.example.test: it is a placeholder's; generating a new key");
    }

    @Test
    void picksTheFirstChainWhoseTopIssuerHasTheCommonName() {
        TestPki alternate = new TestPki("Alternate Root X2");
        KeyPair key = KeySpec.EC_P256.generate();
        List<X509Certificate> byDefault = List.of(leaf(PKI, key));
        List<X509Certificate> byAlternate = List.of(leaf(alternate, key));
        List<X509Certificate> secondAlternate = List.of(leaf(alternate, key));
        List<List<X509Certificate>> chains = List.of(byDefault, byAlternate, secondAlternate);

        assertThat(OrderOptions.preferredChain(chains, "Alternate Root X2")).containsSame(byAlternate);
        assertThat(OrderOptions.preferredChain(chains, "Options Test Root")).containsSame(byDefault);
        assertThat(OrderOptions.preferredChain(chains, "alternate root x2")).isEmpty();
        assertThat(OrderOptions.preferredChain(chains, "Alternate Root")).isEmpty();
    }

    @Test
    void theTopIssuerIsTheIssuerOfTheLastCertificate() {
        List<X509Certificate> withRoot = List.of(leaf(PKI, KeySpec.EC_P256.generate()), PKI.caCertificate());

        assertThat(OrderOptions.topIssuer(withRoot)).contains("Options Test Root");
    }

    private static Metadata metadata(String resource) throws IOException {
        return new Metadata(directory(resource).get("meta").asObject());
    }

    private static boolean renewalInfo(String resource) throws IOException {
        return directory(resource).contains(Resource.RENEWAL_INFO.path());
    }

    private static JSON directory(String resource) throws IOException {
        try (InputStream in = OrderOptionsTest.class.getResourceAsStream(resource)) {
            return JSON.parse(in);
        }
    }

    private static Lineage lineage(KeyPair key) {
        return new Lineage("a.example.test", Path.of("/nonexistent/live/a.example.test"), 1,
                List.of(leaf(PKI, key), PKI.caCertificate()), key.getPrivate());
    }

    private static X509Certificate leaf(TestPki pki, KeyPair key) {
        Instant now = Instant.now();
        return pki.issue(key, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(90)), "a.example.test");
    }

    private static IssuanceListener listener(List<String> notes) {
        return new IssuanceListener() {
            @Override
            public void onNote(String note) {
                notes.add(note);
            }
        };
    }
}
