package io.certkeeper.acme.account;

import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Objects;

/**
 * What the CA says about an account (RFC 8555
 * <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.1.2">§7.1.2</a>), with the key it is
 * identified by.
 *
 * @param location the account URL
 * @param status {@code valid}, {@code deactivated} or {@code revoked}, as the CA reports it
 * @param contacts the contact URIs the CA keeps, such as {@code mailto:ops@example.com}; possibly none
 * @param externalAccountBound whether the CA reports the account as bound to an external account
 * @param key the account key's type and thumbprint
 */
public record AccountDetails(URL location, String status, List<URI> contacts, boolean externalAccountBound,
        AccountKey key) {

    /**
     * Validates the fields and copies the list.
     *
     * @param location the account URL
     * @param status {@code valid}, {@code deactivated} or {@code revoked}, as the CA reports it
     * @param contacts the contact URIs the CA keeps, such as {@code mailto:ops@example.com}; possibly none
     * @param externalAccountBound whether the CA reports the account as bound to an external account
     * @param key the account key's type and thumbprint
     */
    public AccountDetails {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(status, "status");
        contacts = List.copyOf(contacts);
        Objects.requireNonNull(key, "key");
    }
}
