package io.certkeeper.server;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP response as read off the wire by {@link RawHttp}.
 *
 * @param status the status code
 * @param headers header fields by lower-case name (the last one wins)
 * @param body the body as received, empty for none
 */
record HttpReply(int status, Map<String, String> headers, String body) {

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
