package io.certkeeper.cli;

import java.util.Objects;
import java.util.Optional;

/**
 * The built-in HTTP-01 responder of {@code certkeeper run}: up for the life of the process when
 * any certificate is proven standalone.
 *
 * @param address the address to listen on, empty for every address
 * @param port the port
 * @param redirectHttps answer every other request with a redirect to {@code https://}
 */
record ResponderSettings(Optional<String> address, int port, boolean redirectHttps) {

    /** Port 80 on every address, no redirect. */
    static final ResponderSettings DEFAULT = new ResponderSettings(Optional.empty(), 80, false);

    /** Validates the fields. */
    ResponderSettings {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
        }
    }
}
