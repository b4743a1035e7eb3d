package io.certkeeper.server;

import static io.certkeeper.server.TestTokens.EXAMPLE_COM;
import static io.certkeeper.server.TestTokens.WWW_EXAMPLE_ORG;
import static io.certkeeper.server.TestTokens.path;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where one request ends and the next begins: the server closes every connection after its first
 * answer, so of pipelined requests only the first is answered; nothing after a malformed request
 * is answered (so it cannot smuggle one in); and a request that arrives a byte at a time is still
 * understood.
 */
class RequestFramingTest {

    private static final String VALID = "GET " + path(EXAMPLE_COM) + " HTTP/1.1\r\nHost: example.com\r\n\r\n";
    private static final String OTHER_VALID = "GET " + path(WWW_EXAMPLE_ORG) + " HTTP/1.1\r\nHost: www.example.org\r\n\r\n";
    private static final String HEAD = "HEAD " + path(EXAMPLE_COM) + " HTTP/1.1\r\nHost: example.com\r\n\r\n";
    private static final String UNKNOWN = "GET /.well-known/acme-challenge/bm90LXByZXNlbnQ HTTP/1.1\r\nHost: example.com\r\n\r\n";
    private static final String GARBAGE = "GET /\u0000 HTTP/1.1\r\nHost: example.com\r\n\r\n";

    @RegisterExtension
    static final RunningResponder server = new RunningResponder();

    @Test
    void onlyTheFirstOfPipelinedRequestsIsAnswered() throws IOException {
        String request = VALID + HEAD + OTHER_VALID + UNKNOWN;

        RawExchange exchange = RawExchange.send(server.port(), request);

        exchange.assertNoServerError(request);
        assertThat(exchange.statuses()).containsExactly(200);
        assertThat(exchange.response()).contains(EXAMPLE_COM.keyAuthorization()).doesNotContain(WWW_EXAMPLE_ORG.keyAuthorization());
    }

    @Test
    void aHundredPipelinedRequestsGetOneAnswer() throws IOException {
        String request = VALID.repeat(100);

        RawExchange exchange = RawExchange.send(server.port(), request);

        exchange.assertNoServerError(request);
        assertThat(exchange.statuses()).containsExactly(200);
    }

    @Test
    void nothingAfterAMalformedRequestIsAnswered() throws IOException {
        String request = GARBAGE + OTHER_VALID;

        RawExchange exchange = RawExchange.send(server.port(), request);

        exchange.assertNoServerError(request);
        assertThat(exchange.statuses()).containsExactly(400);
        assertThat(exchange.response()).doesNotContain(WWW_EXAMPLE_ORG.keyAuthorization());
    }

    @Test
    void aRequestSmuggledInABodyIsNotAnswered() throws IOException {
        String smuggled = "GET / HTTP/1.1\r\nHost: example.com\r\nContent-Length: " + OTHER_VALID.length()
                + "\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + OTHER_VALID;

        RawExchange exchange = RawExchange.send(server.port(), smuggled);

        exchange.assertRefused(smuggled);
        assertThat(exchange.response()).doesNotContain(WWW_EXAMPLE_ORG.keyAuthorization());
    }

    @Test
    void aRequestSentAByteAtATimeIsUnderstood() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(RawExchange.READ_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            for (byte b : (VALID.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n")).getBytes(StandardCharsets.US_ASCII)) {
                out.write(b);
                out.flush();
            }

            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(response).startsWith("HTTP/1.1 200 ").endsWith(EXAMPLE_COM.keyAuthorization());
        }
    }
}
