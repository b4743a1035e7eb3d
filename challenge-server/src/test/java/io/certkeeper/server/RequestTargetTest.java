package io.certkeeper.server;

import static io.certkeeper.server.TestTokens.EXAMPLE_COM;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request targets that try to reach a token, or anything else, by another spelling: dot segments,
 * percent-encoded, double-encoded and overlong UTF-8 dots and slashes, and absolute-form targets
 * that name another host. None gets a key authorization or a 5xx.
 */
class RequestTargetTest {

    private static final String TOKEN = EXAMPLE_COM.token();

    @RegisterExtension
    static final RunningResponder server = new RunningResponder();

    private static RawExchange get(String target, String host) throws IOException {
        return RawExchange.send(server.port(), request(target, host));
    }

    private static String request(String target, String host) {
        return "GET " + target.replace("TOKEN", TOKEN) + " HTTP/1.1\r\n" + (host.isEmpty() ? "" : "Host: " + host + "\r\n") + "\r\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/.well-known/acme-challenge/../acme-challenge/TOKEN",
        "/.well-known/acme-challenge/./TOKEN",
        "/.well-known/acme-challenge/%2e%2e/acme-challenge/TOKEN",
        "/.well-known/acme-challenge/%2E%2E%2Facme-challenge%2FTOKEN",
        "/.well-known/acme-challenge/..%2FTOKEN",
        "/.well-known/acme-challenge/%2FTOKEN",
        "/.well-known/acme-challenge%2FTOKEN",
        "/.well-known%2Facme-challenge%2FTOKEN",
        "/.well-known/acme-challenge/%252e%252e/TOKEN",
        "/.well-known/acme-challenge/%252FTOKEN",
        "/.well-known/acme-challenge/%c0%ae%c0%ae/TOKEN",
        "/.well-known/acme-challenge/%c0%afTOKEN",
        "/.well-known/acme-challenge/%e0%80%aeTOKEN",
        "/.well-known/acme-challenge/%c0%ae%c0%ae%c0%af%c0%ae%c0%ae%c0%afetc%c0%afpasswd",
        "/.well-known/acme-challenge/..%5c..%5cTOKEN",
        "/.well-known/acme-challenge/..\\TOKEN",
        "/.well-known/acme-challenge/TOKEN%00",
        "/.well-known/acme-challenge/TOKEN%0d%0aX-Injected:%20yes",
        "/.well-known/acme-challenge/TOKEN/",
        "/.well-known/acme-challenge/TOKEN/..",
        "/.well-known/acme-challenge/TOKEN%2F..",
        "/.well-known/acme-challenge//TOKEN",
        "/.well-known//acme-challenge/TOKEN",
        "/.WELL-KNOWN/acme-challenge/TOKEN",
        "/../.well-known/acme-challenge/TOKEN",
        "/.well-known/acme-challenge/../../../../../../../../../../../../../../../../etc/passwd",
    })
    void anotherSpellingOfATokenPathIsRefused(String target) throws IOException {
        get(target, "example.com").assertRefused(request(target, "example.com"));
    }

    /** Percent-encoding an unreserved character does not change the URI (RFC 3986 §6.2.2.2). */
    @ParameterizedTest
    @ValueSource(strings = {"/%2ewell-known/acme-challenge/TOKEN", "/.well-known/acme%2Dchallenge/TOKEN", "/.well-known/acme-challenge/%65vaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA"})
    void anEquivalentSpellingOfTheTokenPathIsServed(String target) throws IOException {
        RawExchange exchange = get(target, "example.com");

        exchange.assertNoServerError(request(target, "example.com"));
        assertThat(exchange.statuses()).containsExactly(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET http://other.test/.well-known/acme-challenge/TOKEN HTTP/1.1\r\n\r\n",
        "GET http://other.test/.well-known/acme-challenge/TOKEN HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "GET http://example.com/.well-known/acme-challenge/TOKEN HTTP/1.1\r\nHost: other.test\r\n\r\n",
        "GET http://example.com@other.test/.well-known/acme-challenge/TOKEN HTTP/1.1\r\nHost: other.test\r\n\r\n",
        "GET http://other.test@example.com/.well-known/acme-challenge/TOKEN HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "GET http://example.com/.well-known/acme-challenge/TOKEN HTTP/1.1\r\n\r\n",
        "GET http:/example.com/.well-known/acme-challenge/TOKEN HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "GET http:///.well-known/acme-challenge/TOKEN HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "GET //other.test/.well-known/acme-challenge/TOKEN HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "GET http://other.test/../.well-known/acme-challenge/TOKEN HTTP/1.1\r\nHost: example.com\r\n\r\n",
    })
    void anAbsoluteFormTargetForAnotherHostIsRefused(String head) throws IOException {
        String request = head.replace("TOKEN", TOKEN);

        RawExchange.send(server.port(), request).assertRefused(request);
    }
}
