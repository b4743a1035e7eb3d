package io.certkeeper.acme.account;

import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The credentials a CA hands out to bind a new ACME account to the customer account a user has
 * with it (RFC 8555 <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.3.4">§7.3.4</a>):
 * a key identifier and an HMAC key. CAs such as ZeroSSL, Google and SSL.com require one.
 *
 * <p>{@link #toString()} never shows the HMAC key.
 *
 * @param keyId the key identifier ("EAB KID"), as the CA shows it
 * @param hmacKey the HMAC key, base64url-encoded as the CA shows it
 */
public record ExternalAccountBinding(String keyId, String hmacKey) {

    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+={0,2}");

    /**
     * Validates the fields.
     *
     * @param keyId the key identifier ("EAB KID"), as the CA shows it
     * @param hmacKey the HMAC key, base64url-encoded as the CA shows it
     * @throws IllegalArgumentException if the key identifier is blank, or the HMAC key is empty or
     *         not base64url; the message does not repeat the key
     */
    public ExternalAccountBinding {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(hmacKey, "hmacKey");
        if (keyId.isBlank()) {
            throw new IllegalArgumentException("the external account key identifier is empty");
        }
        if (!BASE64URL.matcher(hmacKey).matches() || !decodes(hmacKey)) {
            throw new IllegalArgumentException("the external account HMAC key is not base64url "
                    + "(only A-Z, a-z, 0-9, '-' and '_'); copy it exactly as the CA shows it");
        }
    }

    private static boolean decodes(String encoded) {
        try {
            return Base64.getUrlDecoder().decode(encoded).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "ExternalAccountBinding[keyId=" + keyId + ", hmacKey=(hidden)]";
    }
}
