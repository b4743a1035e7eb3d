package io.certkeeper.server;

import static io.certkeeper.server.TestTokens.EXAMPLE_COM;
import static io.certkeeper.server.TestTokens.WWW_EXAMPLE_ORG;
import static io.certkeeper.server.TestTokens.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.challenge.Http01Token;
import io.certkeeper.acme.challenge.InMemoryChallengeStore;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A real responder on loopback, asked the way a CA and the way strangers would ask it. */
class ChallengeServerTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private ChallengeServer server;

    @BeforeEach
    void start() throws Exception {
        server = ChallengeServer.builder(TestTokens.store()).address("127.0.0.1").port(0).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpReply get(String path, String host) throws IOException {
        return RawHttp.get(LOOPBACK, server.port(), path, host);
    }

    private HttpReply send(String request) throws IOException {
        return RawHttp.send(LOOPBACK, server.port(), request);
    }

    @Test
    void reportsTheRealPort() {
        assertThat(server.port()).isPositive();
        assertThat(server.addresses()).singleElement().satisfies(address -> {
            assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(address.getPort()).isEqualTo(server.port());
        });
        assertThat(server).hasToString("127.0.0.1:" + server.port());
    }

    @Test
    void answersAKnownTokenWithItsKeyAuthorization() throws IOException {
        HttpReply reply = get(path(EXAMPLE_COM), "example.com");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).contains("text/plain");
        assertThat(reply.body()).isEqualTo(EXAMPLE_COM.keyAuthorization());
    }

    @Test
    void answersHeadWithTheLengthButNoBody() throws IOException {
        HttpReply reply = send("HEAD " + path(EXAMPLE_COM) + " HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Length")).contains(String.valueOf(EXAMPLE_COM.keyAuthorization().length()));
        assertThat(reply.body()).isEmpty();
    }

    /** A CA's validator sends one request per connection; the answer says so and the server closes. */
    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD"})
    void closesTheConnectionAfterAChallengeAnswer(String method) throws IOException {
        try (KeepAliveConnection connection = new KeepAliveConnection(server.port())) {
            connection.send(method + " " + path(EXAMPLE_COM) + " HTTP/1.1\r\nHost: example.com\r\n\r\n");
            HttpReply answer = connection.read(method.equals("HEAD"));

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("Content-Length")).contains(String.valueOf(EXAMPLE_COM.keyAuthorization().length()));
            assertThat(answer.header("Connection")).hasValueSatisfying(value -> assertThat(value).isEqualToIgnoringCase("close"));
            assertThat(connection.closedByServer()).as("closed by the server after the answer").isTrue();
        }
    }

    /** Nobody needs a second request on a connection to this server, whatever the first was. */
    @ParameterizedTest
    @ValueSource(strings = {
        "GET /.well-known/acme-challenge/bm90LXByZXNlbnQ HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "GET /index.html HTTP/1.1\r\nHost: example.com\r\nConnection: keep-alive\r\n\r\n",
        "DELETE /.well-known/acme-challenge/bm90LXByZXNlbnQ HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "GET /.well-known/acme-challenge/evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA HTTP/1.0\r\nHost: example.com\r\nConnection: keep-alive\r\n\r\n",
    })
    void closesTheConnectionAfterEveryOtherAnswerToo(String request) throws IOException {
        try (KeepAliveConnection connection = new KeepAliveConnection(server.port())) {
            connection.send(request);
            HttpReply answer = connection.read(false);

            assertThat(answer.status()).isIn(200, 404, 405);
            assertThat(answer.header("Connection").map(String::toLowerCase)).isNotEqualTo(Optional.of("keep-alive"));
            assertThat(connection.closedByServer()).as("closed by the server after the answer").isTrue();
        }
    }

    @Test
    void servesTokensOfTwoHostsAtOnceEachOnlyForItsHost() throws IOException {
        assertThat(get(path(EXAMPLE_COM), "example.com").body()).isEqualTo(EXAMPLE_COM.keyAuthorization());
        assertThat(get(path(WWW_EXAMPLE_ORG), "www.example.org").body()).isEqualTo(WWW_EXAMPLE_ORG.keyAuthorization());
        assertThat(get(path(EXAMPLE_COM), "www.example.org").status()).isEqualTo(404);
        assertThat(get(path(WWW_EXAMPLE_ORG), "example.com").status()).isEqualTo(404);
    }

    @Test
    void answersATokenForAnIpIdentifierWhenTheCaNamesTheAddressAsHost() throws Exception {
        InMemoryChallengeStore store = new InMemoryChallengeStore();
        Http01Token v4 = new Http01Token(DomainName.of("127.0.0.1"), EXAMPLE_COM.token(), EXAMPLE_COM.keyAuthorization());
        Http01Token v6 = new Http01Token(DomainName.of("::1"), WWW_EXAMPLE_ORG.token(), WWW_EXAMPLE_ORG.keyAuthorization());
        store.present(v4);
        store.present(v6);
        try (ChallengeServer addresses = ChallengeServer.builder(store).address("127.0.0.1").port(0).start()) {
            int port = addresses.port();

            // RFC 8738 §7: the address is the Host, an IPv6 one in brackets; CAs add the port.
            assertThat(RawHttp.get(LOOPBACK, port, path(v4), "127.0.0.1:" + port).body()).isEqualTo(v4.keyAuthorization());
            assertThat(RawHttp.get(LOOPBACK, port, path(v4), "127.0.0.1").body()).isEqualTo(v4.keyAuthorization());
            assertThat(RawHttp.get(LOOPBACK, port, path(v6), "[::1]:" + port).body()).isEqualTo(v6.keyAuthorization());
            assertThat(RawHttp.get(LOOPBACK, port, path(v6), "[0:0:0:0:0:0:0:1]").body()).isEqualTo(v6.keyAuthorization());
            assertThat(RawHttp.get(LOOPBACK, port, path(v4), "127.0.0.2").status()).isEqualTo(404);
            assertThat(RawHttp.get(LOOPBACK, port, path(v6), "[::2]").status()).isEqualTo(404);
            // Undertow itself refuses an IPv6 Host without brackets.
            assertThat(RawHttp.get(LOOPBACK, port, path(v6), "::1").status()).isEqualTo(400);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com:80", "example.com:8080", "EXAMPLE.COM", "example.com.", "example.com.:80"})
    void acceptsTheHostWithPortUpperCaseOrTrailingDot(String host) throws IOException {
        assertThat(get(path(EXAMPLE_COM), host).body()).isEqualTo(EXAMPLE_COM.keyAuthorization());
    }

    @Test
    void refusesAnUnknownToken() throws IOException {
        assertThat(get(Http01Token.PATH_PREFIX + "bm90LXByZXNlbnQ", "example.com").status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.net", "www.example.com", "example.com.evil.test", "127.0.0.1", "[::1]",
        "example.com..", ".example.com", ""})
    void refusesAWrongHost(String host) throws IOException {
        assertThat(get(path(EXAMPLE_COM), host).status()).isEqualTo(404);
    }

    /** Undertow's parser answers a Host that is not a valid authority with 400, as RFC 9112 §3.2 demands. */
    @ParameterizedTest
    @ValueSource(strings = {"example.com:http", "user@example.com", "example.com/x"})
    void refusesAMalformedHostWithoutServingIt(String host) throws IOException {
        assertThat(get(path(EXAMPLE_COM), host).status()).isIn(400, 404);
    }

    @Test
    void refusesARequestWithoutHost() throws IOException {
        assertThat(send("GET " + path(EXAMPLE_COM) + " HTTP/1.0\r\n\r\n").status()).isEqualTo(404);
    }

    @Test
    void refusesARequestWithTwoHosts() throws IOException {
        HttpReply reply = send("GET " + path(EXAMPLE_COM)
                + " HTTP/1.1\r\nHost: example.com\r\nHost: example.com\r\nConnection: close\r\n\r\n");

        assertThat(reply.status()).isIn(400, 404);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/.well-known/acme-challenge/",
        "/.well-known/acme-challenge/..",
        "/.well-known/acme-challenge/../x",
        "/.well-known/acme-challenge/%2e%2e/x",
        "/.well-known/acme-challenge/%2E%2E%2Fx",
        "/.well-known/acme-challenge/..%2Fx",
        "/.well-known/acme-challenge/..%2fx",
        "/.well-known/acme-challenge/..%252Fx",
        "/.well-known/acme-challenge/evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA%2F",
        "/.well-known/acme-challenge/evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA/extra",
        "/.well-known/acme-challenge/evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA%00",
        "/.well-known/acme-challenge/evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA%20",
        "/.well-known/acme-challenge/../acme-challenge/evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA",
        "/.well-known/acme-challenge/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/.well-known/acme-challenge/a%2F..%2F..%2Fetc%2Fpasswd",
        "/.well-known/acme-challenge%2FevaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA",
        "/.well-known/./acme-challenge/evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA",
        "//.well-known/acme-challenge/evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA",
        "/.well-known/acme-challenge/%e2%80%ae",
        "/",
        "/index.html",
    })
    void refusesEverythingButAWellFormedTokenWith404(String path) throws IOException {
        assertThat(get(path, "example.com").status()).isEqualTo(404);
    }

    @Test
    void refusesAnOverlongTokenWith404() throws IOException {
        assertThat(get(Http01Token.PATH_PREFIX + "A".repeat(257), "example.com").status()).isEqualTo(404);
    }

    @Test
    void refusesAMalformedEscapeWithoutAServerError() throws IOException {
        assertThat(get(Http01Token.PATH_PREFIX + "%zz", "example.com").status()).isBetween(400, 499);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "OPTIONS"})
    void refusesOtherMethodsWith405(String method) throws IOException {
        HttpReply reply = send(method + " " + path(EXAMPLE_COM)
                + " HTTP/1.1\r\nHost: example.com\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx");

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.header("Allow")).contains("GET, HEAD");
        assertThat(reply.body()).isEmpty();
    }

    @Test
    void answersAnAbsoluteFormTargetWhenItNamesTheSameHost() throws IOException {
        HttpReply reply = send("GET http://example.com" + path(EXAMPLE_COM)
                + " HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo(EXAMPLE_COM.keyAuthorization());
    }

    /** Undertow's parser itself answers a target host that differs from Host with 400; the handler checks again. */
    @ParameterizedTest
    @ValueSource(strings = {
        "GET http://example.net/.well-known/acme-challenge/%s HTTP/1.1\r\nHost: example.com\r\n",
        "GET http://example.com/.well-known/acme-challenge/%s HTTP/1.1\r\nHost: example.net\r\n",
        "GET http://user@example.com/.well-known/acme-challenge/%s HTTP/1.1\r\nHost: example.com\r\n",
    })
    void refusesAnAbsoluteFormTargetThatDisagreesWithHost(String head) throws IOException {
        HttpReply reply = send(String.format(head, EXAMPLE_COM.token()) + "Connection: close\r\n\r\n");

        assertThat(reply.status()).isIn(400, 404);
    }
}
