package io.certkeeper.acme.account;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import org.shredzone.acme4j.toolbox.JoseUtils;

/**
 * An account key as a person compares it, without any key material: its type and its JWK
 * thumbprint (RFC 7638, SHA-256, base64url), the value ACME puts in every key authorization.
 *
 * @param type for example {@code ecdsa P-256} or {@code rsa 2048}
 * @param thumbprint the base64url SHA-256 JWK thumbprint
 */
public record AccountKey(String type, String thumbprint) {

    /**
     * Validates the fields.
     *
     * @param type for example {@code ecdsa P-256} or {@code rsa 2048}
     * @param thumbprint the base64url SHA-256 JWK thumbprint
     */
    public AccountKey {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(thumbprint, "thumbprint");
    }

    /**
     * Describes a public key.
     *
     * @param key an EC or RSA public key
     * @return its description
     * @throws IllegalArgumentException if the key type has no JWK form
     */
    public static AccountKey of(PublicKey key) {
        Objects.requireNonNull(key, "key");
        String type;
        if (key instanceof ECPublicKey ec) {
            type = "ecdsa P-" + ec.getParams().getCurve().getField().getFieldSize();
        } else if (key instanceof RSAPublicKey rsa) {
            type = "rsa " + rsa.getModulus().bitLength();
        } else {
            type = key.getAlgorithm().toLowerCase(Locale.ROOT);
        }
        return new AccountKey(type, Base64.getUrlEncoder().withoutPadding().encodeToString(JoseUtils.thumbprint(key)));
    }

    @Override
    public String toString() {
        return type + ", thumbprint " + thumbprint;
    }
}
