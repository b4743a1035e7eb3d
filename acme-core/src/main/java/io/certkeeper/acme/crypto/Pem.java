package io.certkeeper.acme.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads and writes certificates and private keys in PEM, the format certbot, nginx and OpenSSL use.
 *
 * <p>Keys are written as unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}), as certbot writes
 * them; they are read in PKCS#8 and in OpenSSL's traditional forms ({@code BEGIN EC PRIVATE KEY},
 * {@code BEGIN RSA PRIVATE KEY}), so keys made by older certbot versions or by hand can be imported.
 * Parsing uses BouncyCastle's PEM classes, but keys and certificates are built by the JVM's own
 * providers: BouncyCastle is never registered as a JVM-wide provider.
 *
 * <p>Stateless and thread-safe.
 */
public final class Pem {

    /** JCA key factory names for the key algorithms a certificate key can have. */
    private static final Map<ASN1ObjectIdentifier, String> KEY_ALGORITHMS = Map.of(
            PKCSObjectIdentifiers.rsaEncryption, "RSA",
            X9ObjectIdentifiers.id_ecPublicKey, "EC",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519");

    /** Any message does: a signature that verifies proves the pair whatever was signed. */
    private static final byte[] PROBE = "certkeeper key pair check".getBytes(StandardCharsets.US_ASCII);

    private Pem() {
    }

    /**
     * Encodes certificates as consecutive PEM blocks, in the order given.
     *
     * @param certificates the certificates, typically a leaf followed by its issuers; may be empty
     * @return the PEM text, empty for an empty list
     */
    public static String encodeCertificates(List<X509Certificate> certificates) {
        Objects.requireNonNull(certificates, "certificates");
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(Objects.requireNonNull(certificate, "certificate"));
            }
        } catch (IOException e) {
            // A StringWriter does not fail; only an unencodable certificate gets here.
            throw new IllegalArgumentException("cannot encode certificate: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /**
     * Encodes a private key as unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}).
     *
     * @param key the key
     * @return the PEM text
     * @throws IllegalArgumentException if the key cannot be encoded as PKCS#8, for example a key
     *         held in a hardware token
     */
    public static String encodePrivateKey(PrivateKey key) {
        Objects.requireNonNull(key, "key");
        if (!"PKCS#8".equals(key.getFormat()) || key.getEncoded() == null) {
            throw new IllegalArgumentException("the " + key.getAlgorithm() + " key cannot be exported as PKCS#8");
        }
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode the " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /**
     * Reads every certificate in a PEM text; other PEM blocks are ignored.
     *
     * @param pem the text
     * @return the certificates in the order they appear, possibly empty
     * @throws IllegalArgumentException if a block is malformed
     */
    public static List<X509Certificate> readCertificates(String pem) {
        Objects.requireNonNull(pem, "pem");
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("malformed PEM certificate: " + e.getMessage(), e);
        }
        return List.copyOf(certificates);
    }

    /**
     * Reads every certificate in a PEM file.
     *
     * @param file the file
     * @return the certificates in file order, possibly empty
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if its content is not well-formed PEM
     */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        return readCertificates(Files.readString(file, StandardCharsets.US_ASCII));
    }

    /**
     * Reads the first private key in a PEM text, in PKCS#8 or a traditional OpenSSL form.
     * Parameter blocks such as OpenSSL's {@code BEGIN EC PARAMETERS} are skipped.
     *
     * @param pem the text
     * @return the key
     * @throws IllegalArgumentException if there is no key, the key is encrypted, or its algorithm
     *         is not RSA, EC or Ed25519
     */
    public static PrivateKey readPrivateKey(String pem) {
        Objects.requireNonNull(pem, "pem");
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PEMKeyPair pair) {
                    return toPrivateKey(pair.getPrivateKeyInfo());
                }
                if (object instanceof PrivateKeyInfo info) {
                    return toPrivateKey(info);
                }
                if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new IllegalArgumentException("the private key is encrypted; decrypt it first "
                            + "(openssl pkey -in key.pem -out plain.pem)");
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed PEM private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("no private key found in the PEM text");
    }

    /**
     * Reads the first private key in a PEM file.
     *
     * @param file the file
     * @return the key
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it holds no usable key; see {@link #readPrivateKey(String)}
     */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        return readPrivateKey(Files.readString(file, StandardCharsets.US_ASCII));
    }

    /**
     * Encodes a key pair as two PEM blocks, the PKCS#8 private key and the public key, so that it
     * can be read back whole without deriving the public key. Used for account keys.
     *
     * @param keyPair the key pair
     * @return the PEM text
     */
    public static String encodeKeyPair(KeyPair keyPair) {
        Objects.requireNonNull(keyPair, "keyPair");
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(keyPair.getPublic());
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode public key", e);
        }
        return encodePrivateKey(keyPair.getPrivate()) + text;
    }

    /**
     * Reads a key pair written by {@link #encodeKeyPair}, or a traditional OpenSSL EC or RSA key,
     * which carries its public key too.
     *
     * @param pem the text
     * @return the key pair
     * @throws IllegalArgumentException if the text does not hold both halves of a matching pair
     */
    public static KeyPair readKeyPair(String pem) {
        Objects.requireNonNull(pem, "pem");
        PrivateKey privateKey = null;
        PublicKey publicKey = null;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PEMKeyPair pair) {
                    privateKey = toPrivateKey(pair.getPrivateKeyInfo());
                    publicKey = toPublicKey(pair.getPublicKeyInfo());
                } else if (object instanceof PrivateKeyInfo info) {
                    privateKey = toPrivateKey(info);
                } else if (object instanceof SubjectPublicKeyInfo info) {
                    publicKey = toPublicKey(info);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed PEM key pair: " + e.getMessage(), e);
        }
        if (privateKey == null || publicKey == null || !matches(privateKey, publicKey)) {
            throw new IllegalArgumentException("the PEM text does not hold a matching private and public key");
        }
        return new KeyPair(publicKey, privateKey);
    }

    /**
     * Whether a private key is the counterpart of a public key, for example of a certificate's.
     *
     * <p>Proven by signing a message with the private key and verifying it with the public
     * key, which works the same for every algorithm rather than comparing key internals.
     *
     * @param privateKey the private key
     * @param publicKey the public key, typically {@code certificate.getPublicKey()}
     * @return {@code true} if they form a key pair
     */
    public static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
        String algorithm = privateKey.getAlgorithm();
        if (!algorithm.equals(publicKey.getAlgorithm())) {
            return false;
        }
        if (privateKey instanceof RSAKey rsa && publicKey instanceof RSAKey rsaPublic
                && !rsa.getModulus().equals(rsaPublic.getModulus())) {
            return false;
        }
        try {
            Signature signer = Signature.getInstance(signatureAlgorithm(algorithm));
            signer.initSign(privateKey);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signatureAlgorithm(algorithm));
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // Keys of different curves or sizes are rejected at init or verify: no pair.
            return false;
        }
    }

    private static String signatureAlgorithm(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> keyAlgorithm; // Ed25519 and EdDSA name their own signature algorithm
        };
    }

    private static PublicKey toPublicKey(SubjectPublicKeyInfo info) {
        String algorithm = KEY_ALGORITHMS.get(info.getAlgorithm().getAlgorithm());
        if (algorithm == null) {
            throw new IllegalArgumentException("unsupported public key algorithm " + info.getAlgorithm().getAlgorithm());
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(info.getEncoded()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid " + algorithm + " public key: " + e.getMessage(), e);
        }
    }

    private static PrivateKey toPrivateKey(PrivateKeyInfo info) {
        ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
        String algorithm = KEY_ALGORITHMS.get(oid);
        if (algorithm == null) {
            throw new IllegalArgumentException("unsupported private key algorithm " + oid + "; use an RSA or EC key");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid " + algorithm + " private key: " + e.getMessage(), e);
        }
    }
}
