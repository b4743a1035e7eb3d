package io.certkeeper.server;

import static io.certkeeper.server.TestTokens.EXAMPLE_COM;
import static io.certkeeper.server.TestTokens.path;

import java.io.IOException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A token is served only for its own host, so every way of leaving the host out, repeating it, or
 * smuggling a second one in is refused without a 5xx.
 */
class HostHeaderTest {

    @RegisterExtension
    static final RunningResponder server = new RunningResponder();

    @ParameterizedTest
    @ValueSource(strings = {
        "GET PATH HTTP/1.1\r\n\r\n",
        "GET PATH HTTP/1.0\r\n\r\n",
        "GET PATH HTTP/1.1\r\nHost:\r\n\r\n",
        "GET PATH HTTP/1.1\r\nHost: example.com\r\nHost: other.test\r\n\r\n",
        "GET PATH HTTP/1.1\r\nHost: other.test\r\nHost: example.com\r\n\r\n",
        "GET PATH HTTP/1.1\r\nHost: example.com\r\nHost: example.com\r\n\r\n",
        "GET PATH HTTP/1.0\r\nHost: example.com\r\nHost: other.test\r\n\r\n",
        "GET PATH HTTP/1.1\r\nHost: example.com, other.test\r\n\r\n",
        "GET PATH HTTP/1.1\r\nHost: other.test\r\nX-Forwarded-Host: example.com\r\n\r\n",
        "GET PATH HTTP/1.1\r\nHost: other.test\r\nForwarded: host=example.com\r\n\r\n",
        "GET PATH HTTP/1.1\r\nHost: example.com.other.test\r\n\r\n",
        "GET PATH HTTP/1.1\r\nHost: other.test#example.com\r\n\r\n",
        "GET PATH HTTP/1.1\r\nHost: other.test/example.com\r\n\r\n",
        "GET PATH HTTP/1.1\r\nHost: example.com@other.test\r\n\r\n",
        "GET PATH HTTP/1.1\r\nHost: example%2ecom\r\n\r\n",
        "GET PATH HTTP/1.1\r\nHost: example.com:80:80\r\n\r\n",
        "GET PATH HTTP/1.1\r\nHost: example.com:99999999\r\n\r\n",
        "GET PATH HTTP/1.1\r\nHost: [example.com]\r\n\r\n",
        "GET PATH HTTP/1.1\r\nHost: exa mple.com\r\n\r\n",
        "GET PATH HTTP/1.1\r\nHost: \u00e9xample.com\r\n\r\n",
        "GET PATH HTTP/1.1\r\nHost : example.com\r\n\r\n",
    })
    void aMissingRepeatedOrForeignHostIsRefused(String head) throws IOException {
        String request = head.replace("PATH", path(EXAMPLE_COM));

        RawExchange.send(server.port(), request).assertRefused(request);
    }
}
