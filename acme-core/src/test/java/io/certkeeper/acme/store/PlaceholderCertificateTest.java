package io.certkeeper.acme.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.crypto.KeySpec;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** How {@link PlaceholderCertificate} marks its certificates, and that nothing else passes for one. */
class PlaceholderCertificateTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final X500Name MARKED = new X500Name("CN=a.example.com, O=certkeeper placeholder");

    @Test
    void aPlaceholderIsRecognised() {
        X509Certificate placeholder = PlaceholderCertificate.create(KeySpec.EC_P384.generate(),
                List.of(DomainName.of("a.example.com")), NOW, Duration.ofDays(7));

        assertThat(PlaceholderCertificate.isPlaceholder(placeholder)).isTrue();
    }

    @Test
    void aCertificateFromACaIsNoPlaceholder() {
        assertThat(PlaceholderCertificate.isPlaceholder(Fixtures.issue("a.example.com").leaf())).isFalse();
        assertThat(PlaceholderCertificate.isPlaceholder(Fixtures.PKI.caCertificate())).as("self-signed, unmarked").isFalse();
    }

    @Test
    void theMarkerAloneIsNotEnoughWithoutItsOwnSignature() throws Exception {
        KeyPair key = KeySpec.EC_P256.generate();
        KeyPair signer = KeySpec.EC_P256.generate();

        X509Certificate signedByAnother = certificate(MARKED, MARKED, key, signer);
        X509Certificate issuedUnderTheMarker = certificate(new X500Name("O=certkeeper placeholder"), MARKED, key, key);

        assertThat(PlaceholderCertificate.isPlaceholder(signedByAnother)).as("issuer = subject, but a CA's signature").isFalse();
        assertThat(PlaceholderCertificate.isPlaceholder(issuedUnderTheMarker)).as("issuer differs from subject").isFalse();
        assertThat(PlaceholderCertificate.isPlaceholder(certificate(MARKED, MARKED, key, key))).as("the control").isTrue();
    }

    @Test
    void aNameTooLongForTheCommonNameLeavesItOut() {
        String longName = "a".repeat(60) + ".example.com";

        X509Certificate placeholder = PlaceholderCertificate.create(KeySpec.EC_P256.generate(), List.of(DomainName.of(longName)),
                NOW, Duration.ofDays(7));

        assertThat(placeholder.getSubjectX500Principal().getName()).isEqualTo("O=certkeeper placeholder");
        assertThat(PlaceholderCertificate.isPlaceholder(placeholder)).isTrue();
    }

    @Test
    void serialNumbersAreRandomAndPositive() {
        KeyPair key = KeySpec.EC_P256.generate();
        List<DomainName> names = List.of(DomainName.of("a.example.com"));

        BigInteger one = PlaceholderCertificate.create(key, names, NOW, Duration.ofDays(7)).getSerialNumber();
        BigInteger two = PlaceholderCertificate.create(key, names, NOW, Duration.ofDays(7)).getSerialNumber();

        assertThat(one).isPositive().isNotEqualTo(two);
        assertThat(one.bitLength()).isLessThanOrEqualTo(159); // at most 20 octets (RFC 5280 §4.1.2.2)
    }

    private static X509Certificate certificate(X500Name issuer, X500Name subject, KeyPair key, KeyPair signer) throws Exception {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.TEN, Date.from(NOW),
                Date.from(NOW.plus(Duration.ofDays(7))), subject, key.getPublic());
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }
}
