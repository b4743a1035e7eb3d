package io.certkeeper.server;

import static io.certkeeper.server.TestTokens.EXAMPLE_COM;
import static io.certkeeper.server.TestTokens.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.challenge.Http01Token;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handler mounted in an application's own Undertow server, in front of the application. */
class ChallengeHandlerEmbeddedTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private Undertow application;
    private int port;

    @BeforeEach
    void start() {
        HttpHandler site = exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html");
            exchange.getResponseSender().send("the application at " + exchange.getRequestPath());
        };
        application = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setIoThreads(1)
                .setWorkerThreads(1)
                .setHandler(new ChallengeHandler(TestTokens.store(), site))
                .build();
        application.start();
        port = ((InetSocketAddress) application.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterEach
    void stop() {
        application.stop();
    }

    @Test
    void answersChallenges() throws IOException {
        HttpReply reply = RawHttp.get(LOOPBACK, port, path(EXAMPLE_COM), "example.com");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo(EXAMPLE_COM.keyAuthorization());
    }

    @Test
    void passesOtherPathsToTheApplication() throws IOException {
        HttpReply reply = RawHttp.get(LOOPBACK, port, "/index.html", "example.com");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("the application at /index.html");
    }

    /** The validator's connection is closed after its answer; the application's browsers keep theirs. */
    @Test
    void closesOnlyTheConnectionOfAChallengeAnswer() throws IOException {
        try (KeepAliveConnection connection = new KeepAliveConnection(port)) {
            connection.send("GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n");
            HttpReply page = connection.read(false);
            connection.send("GET " + path(EXAMPLE_COM) + " HTTP/1.1\r\nHost: example.com\r\n\r\n");
            HttpReply answer = connection.read(false);

            assertThat(page.body()).isEqualTo("the application at /index.html");
            assertThat(page.header("Connection").map(String::toLowerCase)).isNotEqualTo(Optional.of("close"));
            assertThat(answer.body()).isEqualTo(EXAMPLE_COM.keyAuthorization());
            assertThat(answer.header("Connection")).hasValueSatisfying(value -> assertThat(value).isEqualToIgnoringCase("close"));
            assertThat(connection.closedByServer()).as("closed by the server after the challenge answer").isTrue();
        }
    }

    @Test
    void keepsUnknownTokensFromTheApplication() throws IOException {
        HttpReply reply = RawHttp.get(LOOPBACK, port, Http01Token.PATH_PREFIX + "bm90LXByZXNlbnQ", "example.com");

        assertThat(reply.status()).isEqualTo(404);
    }

    @Test
    void keepsTraversalOutOfTheApplication() throws IOException {
        HttpReply reply = RawHttp.get(LOOPBACK, port, Http01Token.PATH_PREFIX + "../../index.html", "example.com");

        assertThat(reply.status()).isEqualTo(404);
    }
}
