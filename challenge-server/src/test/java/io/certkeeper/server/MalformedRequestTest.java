package io.certkeeper.server;

import static io.certkeeper.server.TestTokens.EXAMPLE_COM;
import static io.certkeeper.server.TestTokens.path;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests that break HTTP/1.1's syntax or the responder's limits, sent over a raw socket: each
 * gets a 4xx or a closed connection, never a 5xx or a logged error, and the server answers a CA's
 * request correctly afterwards.
 */
class MalformedRequestTest {

    private static final String CHALLENGE = path(EXAMPLE_COM);
    private static final String HOST = "Host: example.com\r\n";

    @RegisterExtension
    static final RunningResponder server = new RunningResponder();

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("no version", "GET " + CHALLENGE + "\r\n" + HOST + "\r\n"),
                Arguments.of("only a method", "GET\r\n\r\n"),
                Arguments.of("no target", "GET  HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("a space in the target", "GET /.well-known/acme-challenge/a b HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("a bad version", "GET " + CHALLENGE + " HTTQ/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("a method with a separator", "G@T " + CHALLENGE + " HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("a method of 8 KiB", "G".repeat(8 * 1024) + " " + CHALLENGE + " HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("an unknown method", "BREW " + CHALLENGE + " HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"),
                Arguments.of("a NUL in the target", "GET " + CHALLENGE + "\0 HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("a NUL in the method", "G\0T " + CHALLENGE + " HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("a NUL in a header value", "GET " + CHALLENGE + " HTTP/1.1\r\nHost: example.com\0.evil\r\n\r\n"),
                Arguments.of("a NUL in a header name", "GET " + CHALLENGE + " HTTP/1.1\r\n" + HOST + "X-\0: y\r\n\r\n"),
                Arguments.of("control bytes in the target", "GET /.well-known/acme-challenge/\u0001\u007f HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("raw non-ASCII bytes in the target", "GET /.well-known/acme-challenge/\u00ff\u00c0 HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("a broken escape", "GET /.well-known/acme-challenge/%zz HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("a cut escape", "GET /.well-known/acme-challenge/% HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("a broken escape in the query", "GET " + CHALLENGE + "?a=%zz HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("bare LF line endings", "GET " + CHALLENGE + " HTTP/1.1\n" + HOST.replace("\r", "") + "\n"),
                Arguments.of("bare CR line endings", "GET " + CHALLENGE + " HTTP/1.1\r" + HOST.replace("\n", "") + "\r"),
                Arguments.of("empty lines before the request", "\r\n\r\nGET " + CHALLENGE + " HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("a header without a colon", "GET " + CHALLENGE + " HTTP/1.1\r\n" + HOST + "Broken\r\n\r\n"),
                Arguments.of("a header name with a space", "GET " + CHALLENGE + " HTTP/1.1\r\n" + HOST + "Bad Name: x\r\n\r\n"),
                Arguments.of("an empty header name", "GET " + CHALLENGE + " HTTP/1.1\r\n" + HOST + ": x\r\n\r\n"),
                Arguments.of("a folded Host", "GET " + CHALLENGE + " HTTP/1.1\r\n" + HOST + " evil.test\r\n\r\n"),
                Arguments.of("a path of 64 KiB", "GET /.well-known/acme-challenge/" + "a".repeat(64 * 1024) + " HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("a header beyond 8 KiB", "GET " + CHALLENGE + " HTTP/1.1\r\n" + HOST + "X-Big: " + "a".repeat(8 * 1024) + "\r\n\r\n"),
                Arguments.of("65 headers", "GET " + CHALLENGE + " HTTP/1.1\r\n" + HOST + "X: y\r\n".repeat(64) + "\r\n"),
                Arguments.of("10,000 headers", "GET " + CHALLENGE + " HTTP/1.1\r\n" + HOST + "X: y\r\n".repeat(10_000) + "\r\n"),
                Arguments.of("two Content-Lengths", "GET " + CHALLENGE + " HTTP/1.1\r\n" + HOST + "Content-Length: 1\r\nContent-Length: 2\r\n\r\nxy"),
                Arguments.of("Content-Length and chunked", "POST " + CHALLENGE + " HTTP/1.1\r\n" + HOST
                        + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                Arguments.of("a negative Content-Length", "GET " + CHALLENGE + " HTTP/1.1\r\n" + HOST + "Content-Length: -1\r\n\r\n"),
                Arguments.of("a Content-Length that is no number", "GET " + CHALLENGE + " HTTP/1.1\r\n" + HOST + "Content-Length: x\r\n\r\n"),
                Arguments.of("a bad chunk size", "POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("an HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
                Arguments.of("a TLS ClientHello", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003" + "\u0000".repeat(32)),
                Arguments.of("the asterisk form with GET", "GET * HTTP/1.1\r\n" + HOST + "\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void isRefusedWithA4xxOrAClose(String description, String request) throws IOException {
        RawExchange.send(server.port(), request).assertRefused(request);
    }

    /** Not well-formed, but harmless: the server may answer them as long as it answers correctly. */
    static Stream<Arguments> odd() {
        return Stream.of(
                Arguments.of("an unknown minor version", "GET " + CHALLENGE + " HTTP/1.9\r\n" + HOST + "\r\n"),
                Arguments.of("an unknown major version", "GET " + CHALLENGE + " HTTP/9.9\r\n" + HOST + "\r\n"),
                Arguments.of("HTTP/0.9", "GET " + CHALLENGE + "\r\n\r\n"),
                Arguments.of("a Content-Length too large for a long", "GET " + CHALLENGE + " HTTP/1.1\r\n" + HOST
                        + "Content-Length: 99999999999999999999999\r\n\r\n"),
                Arguments.of("an h2c upgrade", "GET " + CHALLENGE + " HTTP/1.1\r\n" + HOST
                        + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n"),
                Arguments.of("Expect: 100-continue", "GET " + CHALLENGE + " HTTP/1.1\r\n" + HOST + "Expect: 100-continue\r\n\r\n"),
                Arguments.of("a tab before the Host value", "GET " + CHALLENGE + " HTTP/1.1\r\nHost:\texample.com\r\n\r\n"),
                Arguments.of("64 headers of 100 bytes", "GET " + CHALLENGE + " HTTP/1.1\r\n" + HOST
                        + ("X: " + "a".repeat(95) + "\r\n").repeat(63) + "\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("odd")
    void isAnsweredWithoutAServerError(String description, String request) throws IOException {
        RawExchange.send(server.port(), request).assertNoServerError(request);
    }
}
