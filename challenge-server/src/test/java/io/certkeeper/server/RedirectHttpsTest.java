package io.certkeeper.server;

import static io.certkeeper.server.TestTokens.EXAMPLE_COM;
import static io.certkeeper.server.TestTokens.path;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ChallengeServerBuilder#redirectHttps}: a real responder on loopback sends everything but
 * the challenge path to https on the request's own host, and refuses to build a redirect from a
 * host it cannot trust. The server is watched: after every test it must still answer a CA and
 * have logged no warning.
 */
class RedirectHttpsTest {

    @RegisterExtension
    static final RunningResponder server = new RunningResponder(builder -> builder.redirectHttps(true));

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static HttpReply send(String request) throws IOException {
        return RawHttp.send(LOOPBACK, server.port(), request);
    }

    private static HttpReply get(String target, String host) throws IOException {
        return RawHttp.get(LOOPBACK, server.port(), target, host);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/                              | example.com      | https://example.com/",
        "/shop/cart?item=1&size=%41     | example.com:80   | https://example.com/shop/cart?item=1&size=%41",
        "/a;v=1/b?x=/y?z                | Example.COM.     | https://example.com/a;v=1/b?x=/y?z",
        "/caf%C3%A9/%2F%2e%2e           | www.example.org  | https://www.example.org/caf%C3%A9/%2F%2e%2e",
        "/x                             | 192.0.2.10:8080  | https://192.0.2.10/x",
        "/x                             | [2001:DB8::1]:80 | https://[2001:db8::1]/x",
        "/.well-known/acme-challenge    | example.com      | https://example.com/.well-known/acme-challenge",
    })
    void getIsRedirectedPermanentlyToTheSameHostAndPath(String target, String host, String location) throws IOException {
        HttpReply reply = get(target, host);

        assertThat(reply.status()).isEqualTo(301);
        assertThat(reply.header("Location")).contains(location);
        assertThat(reply.header("Content-Length")).contains("0");
    }

    @Test
    void headIsRedirectedLikeGet() throws IOException {
        HttpReply reply = send("HEAD /page?q=1 HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n");

        assertThat(reply.status()).isEqualTo(301);
        assertThat(reply.header("Location")).contains("https://example.com/page?q=1");
        assertThat(reply.body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
    void otherMethodsKeepTheirMethodWith308(String method) throws IOException {
        HttpReply reply = send(method + " /api/orders?id=7 HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\n"
                + "Connection: close\r\n\r\nhello");

        assertThat(reply.status()).isEqualTo(308);
        assertThat(reply.header("Location")).contains("https://example.com/api/orders?id=7");
    }

    @Test
    void anAbsoluteFormTargetForTheSameHostIsRedirectedToItsPath() throws IOException {
        HttpReply reply = send("GET http://example.com:80/p?q HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n");
        HttpReply bare = send("GET http://example.com HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n");

        assertThat(reply.header("Location")).contains("https://example.com/p?q");
        assertThat(bare.header("Location")).contains("https://example.com/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example", "//evil.example/x", "/@evil.example", "//user@evil.example/", "/%2F%2Fevil.example",
        "///evil.example"})
    void aPathNeverLeadsToAnotherHost(String target) throws IOException {
        HttpReply reply = get(target, "example.com");

        assertThat(reply.status()).isEqualTo(301);
        String location = reply.header("Location").orElseThrow();
        assertThat(location).isEqualTo("https://example.com" + target);
        URI uri = URI.create(location);
        assertThat(uri.getHost()).isEqualTo("example.com");
        assertThat(uri.getUserInfo()).isNull();
        assertThat(uri.getPort()).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET /page HTTP/1.1\r\n\r\n",
        "GET /page HTTP/1.0\r\n\r\n",
        "GET /page HTTP/1.1\r\nHost:\r\n\r\n",
        "GET /page HTTP/1.1\r\nHost: example.com\r\nHost: evil.example\r\n\r\n",
        "GET /page HTTP/1.1\r\nHost: example.com, evil.example\r\n\r\n",
        "GET /page HTTP/1.1\r\nHost: example.com@evil.example\r\n\r\n",
        "GET /page HTTP/1.1\r\nHost: evil.example/x\r\n\r\n",
        "GET /page HTTP/1.1\r\nHost: evil.example#x\r\n\r\n",
        "GET /page HTTP/1.1\r\nHost: evil.example?x\r\n\r\n",
        "GET /page HTTP/1.1\r\nHost: exa mple.com\r\n\r\n",
        "GET /page HTTP/1.1\r\nHost: example.com\r\n evil.example\r\n\r\n",
        "GET /page HTTP/1.1\r\nHost: example.com:80:80\r\n\r\n",
        "GET /page HTTP/1.1\r\nHost: example.com:http\r\n\r\n",
        "GET /page HTTP/1.1\r\nHost: [::1\r\n\r\n",
        "GET /page HTTP/1.1\r\nHost: [evil.example]\r\n\r\n",
        "GET /page HTTP/1.1\r\nHost: ::1\r\n\r\n",
        "GET /page HTTP/1.1\r\nHost: \u00e9xample.com\r\n\r\n",
        "GET /page HTTP/1.1\r\nHost: example%2ecom\r\n\r\n",
        "GET /page HTTP/1.1\r\nHost: \"example.com\"\r\n\r\n",
        "GET /page HTTP/1.1\r\nHost: example.com\\evil.example\r\n\r\n",
        "GET http://evil.example/page HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "GET http://user@example.com/page HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "POST /page HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
    })
    void aHostThatCannotBeTrustedGets400AndNoRedirect(String head) throws IOException {
        String request = head.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n");

        HttpReply reply = send(request);

        assertThat(reply.status()).as(Printable.of(request)).isEqualTo(400);
        assertThat(reply.header("Location")).as(Printable.of(request)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\r", "\n", "\r\n"})
    void aLineBreakAfterTheHostNeverGetsIntoTheAnswer(String lineBreak) throws IOException {
        String request = "GET /page HTTP/1.1\r\nHost: example.com" + lineBreak + "Location: https://evil.example/" + lineBreak
                + "Set-Cookie: evil=1\r\nConnection: close\r\n\r\n";

        HttpReply reply = send(request);

        // Undertow refuses a bare CR; a bare LF ends a header line, so the rest is just another request header.
        assertThat(reply.status()).as(Printable.of(request)).isIn(301, 400);
        assertThat(reply.header("Location")).as(Printable.of(request)).isIn(Optional.empty(),
                Optional.of("https://example.com/page"));
        assertThat(reply.headers()).as(Printable.of(request)).doesNotContainKey("set-cookie");
    }

    @Test
    void challengeRequestsAreAnsweredAsWithoutTheOption() throws IOException {
        HttpReply token = get(path(EXAMPLE_COM), "example.com");
        HttpReply wrongHost = get(path(EXAMPLE_COM), "other.example");
        HttpReply unknown = get("/.well-known/acme-challenge/unknown-token", "example.com");
        HttpReply malformed = get("/.well-known/acme-challenge/a/b", "example.com");
        HttpReply post = send("POST " + path(EXAMPLE_COM) + " HTTP/1.1\r\nHost: example.com\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(token.status()).isEqualTo(200);
        assertThat(token.body()).isEqualTo(EXAMPLE_COM.keyAuthorization());
        assertThat(wrongHost.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(malformed.status()).isEqualTo(404);
        assertThat(post.status()).isEqualTo(405);
        for (HttpReply reply : new HttpReply[] {token, wrongHost, unknown, malformed, post}) {
            assertThat(reply.header("Location")).isEmpty();
        }
    }

    @Test
    void aClientThatDoesNotFollowRedirectsSeesWhereTo() throws Exception {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI base = URI.create("http://127.0.0.1:" + server.port());

        HttpResponse<Void> get = client.send(HttpRequest.newBuilder(base.resolve("/login?next=%2Fhome")).build(),
                HttpResponse.BodyHandlers.discarding());
        HttpResponse<Void> post = client.send(HttpRequest.newBuilder(base.resolve("/login"))
                .POST(HttpRequest.BodyPublishers.ofString("user=a")).build(), HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> token = client.send(HttpRequest.newBuilder(base.resolve(path(EXAMPLE_COM))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(get.statusCode()).isEqualTo(301);
        assertThat(get.headers().firstValue("Location")).contains("https://127.0.0.1/login?next=%2Fhome");
        assertThat(post.statusCode()).isEqualTo(308);
        assertThat(post.headers().firstValue("Location")).contains("https://127.0.0.1/login");
        // HttpClient will not set another Host, so it asks for example.com's token under 127.0.0.1: not found, not redirected.
        assertThat(token.statusCode()).isEqualTo(404);
        assertThat(token.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void withoutTheOptionEverythingElseIs404() throws Exception {
        try (ChallengeServer plain = ChallengeServer.builder(TestTokens.store()).address("127.0.0.1").port(0).start()) {
            HttpReply page = RawHttp.get(LOOPBACK, plain.port(), "/page?q=1", "example.com");
            HttpReply post = RawHttp.send(LOOPBACK, plain.port(), "POST /page HTTP/1.1\r\nHost: example.com\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n");
            HttpReply noHost = RawHttp.send(LOOPBACK, plain.port(), "GET /page HTTP/1.0\r\n\r\n");
            HttpReply token = RawHttp.get(LOOPBACK, plain.port(), path(EXAMPLE_COM), "example.com");

            assertThat(page.status()).isEqualTo(404);
            assertThat(post.status()).isEqualTo(404);
            assertThat(noHost.status()).isEqualTo(404);
            assertThat(page.header("Location")).isEmpty();
            assertThat(token.body()).isEqualTo(EXAMPLE_COM.keyAuthorization());
        }
    }

    @Test
    void thePathIsReencodedWhateverReachesTheHandler() {
        // Undertow refuses most of these in the request line already; the handler does not rely on it.
        Map<String, String> encodings = new LinkedHashMap<>();
        encodings.put("/plain/path-._~!$&'()*+,;=:@", "/plain/path-._~!$&'()*+,;=:@");
        encodings.put("/kept%2Fescape%C3%A9", "/kept%2Fescape%C3%A9");
        encodings.put("/lone%/and%zz/and%4", "/lone%25/and%25zz/and%254");
        encodings.put("/quote\"lt<gt>back\\slash", "/quote%22lt%3Cgt%3Eback%5Cslash");
        encodings.put("/caf\u00e9", "/caf%C3%A9");
        encodings.put("/line\r\nLocation: x", "/line%0D%0ALocation:%20x");
        encodings.put("/q?mark#hash space\u0000", "/q%3Fmark%23hash%20space%00");

        encodings.forEach((raw, encoded) -> assertThat(HttpsRedirectHandler.encode(raw, "-._~!$&'()*+,;=:@/"))
                .as(Printable.of(raw)).isEqualTo(encoded));
        assertThat(HttpsRedirectHandler.encode("a=1&b=/c?d", "-._~!$&'()*+,;=:@/?")).isEqualTo("a=1&b=/c?d");
    }
}
