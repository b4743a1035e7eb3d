package io.certkeeper.acme.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.testing.TestPki;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PemTest {

    private static final String EC_PARAMETERS_P256 = """
            -----BEGIN EC PARAMETERS-----
            BggqhkjOPQMBBw==
            -----END EC PARAMETERS-----
            """;

    private final TestPki pki = new TestPki("Pem Test Root");

    @Test
    void certificatesRoundTripInOrder(@TempDir Path dir) throws IOException {
        KeyPair key = KeySpec.EC_P256.generate();
        X509Certificate leaf = issue(key, "a.example.com");
        List<X509Certificate> chain = List.of(leaf, pki.caCertificate());

        String pem = Pem.encodeCertificates(chain);
        Files.writeString(dir.resolve("fullchain.pem"), pem);

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----").endsWith("-----END CERTIFICATE-----\n");
        assertThat(Pem.readCertificates(pem)).containsExactly(leaf, pki.caCertificate());
        assertThat(Pem.readCertificates(dir.resolve("fullchain.pem"))).containsExactly(leaf, pki.caCertificate());
    }

    @Test
    void emptyListEncodesToEmptyTextAndBack() {
        assertThat(Pem.encodeCertificates(List.of())).isEmpty();
        assertThat(Pem.readCertificates("")).isEmpty();
    }

    @Test
    void readingCertificatesSkipsOtherBlocks() {
        KeyPair key = KeySpec.EC_P256.generate();
        X509Certificate leaf = issue(key, "a.example.com");
        String pem = Pem.encodePrivateKey(key.getPrivate()) + Pem.encodeCertificates(List.of(leaf));

        assertThat(Pem.readCertificates(pem)).containsExactly(leaf);
    }

    @Test
    void malformedCertificateIsRefused() {
        assertThatThrownBy(() -> Pem.readCertificates("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed PEM certificate");
    }

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = {"EC_P256", "EC_P384", "RSA_2048"})
    void privateKeyIsWrittenAsPkcs8AndReadBack(KeySpec spec) {
        KeyPair key = spec.generate();

        String pem = Pem.encodePrivateKey(key.getPrivate());
        PrivateKey read = Pem.readPrivateKey(pem);

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(read.getAlgorithm()).isEqualTo(spec.algorithm());
        assertThat(read.getEncoded()).isEqualTo(key.getPrivate().getEncoded());
        assertThat(Pem.matches(read, key.getPublic())).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = {"EC_P256", "RSA_2048"})
    void traditionalOpenSslKeysAreRead(KeySpec spec) throws IOException {
        KeyPair key = spec.generate();
        String traditional = traditionalPem(key.getPrivate());
        String header = spec == KeySpec.RSA_2048 ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN EC PRIVATE KEY-----";
        String pem = spec == KeySpec.EC_P256 ? EC_PARAMETERS_P256 + traditional : traditional;

        PrivateKey read = Pem.readPrivateKey(pem);

        assertThat(traditional).startsWith(header);
        assertThat(read.getAlgorithm()).isEqualTo(spec.algorithm());
        assertThat(Pem.matches(read, key.getPublic())).isTrue();
    }

    @Test
    void privateKeyIsReadFromFile(@TempDir Path dir) throws IOException {
        KeyPair key = KeySpec.EC_P256.generate();
        Path file = dir.resolve("privkey.pem");
        Files.writeString(file, Pem.encodePrivateKey(key.getPrivate()));

        assertThat(Pem.matches(Pem.readPrivateKey(file), key.getPublic())).isTrue();
    }

    @Test
    void encryptedKeyIsRefusedWithAHint() throws Exception {
        KeyPair key = KeySpec.EC_P256.generate();
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new JcaPKCS8Generator(key.getPrivate(),
                    new JceOpenSSLPKCS8EncryptorBuilder(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC)
                            .setPassword("secret".toCharArray()).build()));
        }

        assertThatThrownBy(() -> Pem.readPrivateKey(out.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("encrypted");
    }

    @Test
    void textWithoutKeyIsRefused() {
        String certificateOnly = Pem.encodeCertificates(List.of(pki.caCertificate()));

        assertThatThrownBy(() -> Pem.readPrivateKey(certificateOnly))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no private key");
        assertThatThrownBy(() -> Pem.readPrivateKey("not pem at all"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = {"EC_P256", "EC_P384", "RSA_2048"})
    void keyMatchesItsCertificate(KeySpec spec) {
        KeyPair key = spec.generate();
        X509Certificate leaf = issue(key, "a.example.com");

        assertThat(Pem.matches(key.getPrivate(), leaf.getPublicKey())).isTrue();
    }

    @Test
    void otherKeysDoNotMatch() {
        KeyPair ec = KeySpec.EC_P256.generate();
        KeyPair otherEc = KeySpec.EC_P256.generate();
        KeyPair ec384 = KeySpec.EC_P384.generate();
        KeyPair rsa = KeySpec.RSA_2048.generate();
        KeyPair otherRsa = KeySpec.RSA_2048.generate();

        assertThat(Pem.matches(ec.getPrivate(), otherEc.getPublic())).isFalse();
        assertThat(Pem.matches(ec.getPrivate(), ec384.getPublic())).isFalse();
        assertThat(Pem.matches(ec384.getPrivate(), ec.getPublic())).isFalse();
        assertThat(Pem.matches(ec.getPrivate(), rsa.getPublic())).isFalse();
        assertThat(Pem.matches(rsa.getPrivate(), otherRsa.getPublic())).isFalse();
        assertThat(Pem.matches(rsa.getPrivate(), issue(ec, "a.example.com").getPublicKey())).isFalse();
    }

    private X509Certificate issue(KeyPair key, String... names) {
        Instant now = Instant.now();
        return pki.issue(key, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(90)), names);
    }

    /**
     * The key in OpenSSL's traditional form, as {@code openssl genrsa} and {@code openssl ecparam
     * -genkey} write it; an EC key carries its curve inside, which the JDK's PKCS#8 encoding omits.
     */
    private static String traditionalPem(PrivateKey key) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        PemObject pem;
        if (key.getAlgorithm().equals("EC")) {
            ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
            ASN1Encodable curve = info.getPrivateKeyAlgorithm().getParameters();
            pem = new PemObject("EC PRIVATE KEY", new ECPrivateKey(256, inner.getKey(), curve).getEncoded());
        } else {
            pem = new PemObject("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded());
        }
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(pem);
        }
        return out.toString();
    }
}
