package io.certkeeper.acme.account;

import java.net.URL;
import java.util.Objects;

/**
 * The outcome of an account key change (RFC 8555
 * <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.3.5">§7.3.5</a>).
 *
 * @param location the account URL, which a key change keeps
 * @param previousKey the key the CA no longer accepts
 * @param newKey the key now stored and accepted
 */
public record KeyChange(URL location, AccountKey previousKey, AccountKey newKey) {

    /**
     * Validates the fields.
     *
     * @param location the account URL, which a key change keeps
     * @param previousKey the key the CA no longer accepts
     * @param newKey the key now stored and accepted
     */
    public KeyChange {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(previousKey, "previousKey");
        Objects.requireNonNull(newKey, "newKey");
    }
}
