package io.certkeeper.acme.account;

import java.net.URL;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The outcome of deactivating an account (RFC 8555
 * <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.3.6">§7.3.6</a>).
 *
 * @param location the deactivated account's URL
 * @param movedTo where its files were moved, so that the next registration starts afresh
 */
public record Deactivation(URL location, Path movedTo) {

    /**
     * Validates the fields.
     *
     * @param location the deactivated account's URL
     * @param movedTo where its files were moved, so that the next registration starts afresh
     */
    public Deactivation {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(movedTo, "movedTo");
    }
}
