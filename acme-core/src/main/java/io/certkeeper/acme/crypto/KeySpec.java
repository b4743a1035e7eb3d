package io.certkeeper.acme.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;

/**
 * The kind of key pair to generate for a certificate or an account.
 *
 * <p>EC P-256 is the default: small, fast and accepted by every CA and client today.
 */
public enum KeySpec {
    /** ECDSA on NIST P-256 (secp256r1). */
    EC_P256("EC", "secp256r1", 256),
    /** ECDSA on NIST P-384 (secp384r1). */
    EC_P384("EC", "secp384r1", 384),
    /** RSA with a 2048-bit modulus. */
    RSA_2048("RSA", null, 2048),
    /** RSA with a 3072-bit modulus. */
    RSA_3072("RSA", null, 3072),
    /** RSA with a 4096-bit modulus. */
    RSA_4096("RSA", null, 4096);

    private final String algorithm;
    private final String curve;
    private final int bits;

    KeySpec(String algorithm, String curve, int bits) {
        this.algorithm = algorithm;
        this.curve = curve;
        this.bits = bits;
    }

    /**
     * Picks the spec for certbot-style options.
     *
     * @param keyType {@code ecdsa} or {@code rsa}
     * @param ellipticCurve {@code secp256r1} or {@code secp384r1} (also {@code P-256}, {@code P-384}); used for ecdsa
     * @param rsaKeySize 2048, 3072 or 4096; used for rsa
     * @return the spec
     * @throws IllegalArgumentException if the combination is not supported, naming the choices
     */
    public static KeySpec of(String keyType, String ellipticCurve, int rsaKeySize) {
        switch (keyType.toLowerCase(Locale.ROOT)) {
            case "ecdsa", "ec" -> {
                return switch (ellipticCurve.toLowerCase(Locale.ROOT)) {
                    case "secp256r1", "p-256", "prime256v1" -> EC_P256;
                    case "secp384r1", "p-384" -> EC_P384;
                    default -> throw new IllegalArgumentException(
                            "unsupported elliptic curve '" + ellipticCurve + "'; use secp256r1 or secp384r1");
                };
            }
            case "rsa" -> {
                return switch (rsaKeySize) {
                    case 2048 -> RSA_2048;
                    case 3072 -> RSA_3072;
                    case 4096 -> RSA_4096;
                    default -> throw new IllegalArgumentException(
                            "unsupported RSA key size " + rsaKeySize + "; use 2048, 3072 or 4096");
                };
            }
            default -> throw new IllegalArgumentException("unsupported key type '" + keyType + "'; use ecdsa or rsa");
        }
    }

    /**
     * Generates a new key pair of this kind.
     *
     * @return a fresh key pair
     */
    public KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (curve != null) {
                generator.initialize(new ECGenParameterSpec(curve));
            } else {
                generator.initialize(bits);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM cannot generate " + this + " keys", e);
        }
    }

    /**
     * The JCA algorithm name, {@code EC} or {@code RSA}.
     *
     * @return the algorithm
     */
    public String algorithm() {
        return algorithm;
    }

    /**
     * The key size in bits (the curve size for EC keys).
     *
     * @return the size
     */
    public int bits() {
        return bits;
    }

    /**
     * A short description such as {@code ecdsa secp256r1} or {@code rsa 2048}.
     *
     * @return the description
     */
    public String describe() {
        return curve != null ? "ecdsa " + curve : "rsa " + bits;
    }
}
