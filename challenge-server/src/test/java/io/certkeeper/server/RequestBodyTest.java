package io.certkeeper.server;

import static io.certkeeper.server.TestTokens.EXAMPLE_COM;
import static io.certkeeper.server.TestTokens.path;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A CA's request has no body, and the responder never reads one: a large body ends the connection
 * instead of being read to its end, whatever the method and however it is framed.
 */
class RequestBodyTest {

    /** Far more than any socket buffers on the way, so only a server that reads it all accepts it all. */
    private static final int BODY_BYTES = 64 * 1024 * 1024;
    private static final byte[] CHUNK = new byte[64 * 1024];
    private static final int WRITE_LIMIT_SECONDS = 10;

    @RegisterExtension
    static final RunningResponder server = new RunningResponder();

    @ParameterizedTest
    @ValueSource(strings = {
        "POST PATH HTTP/1.1\r\nHost: example.com\r\nContent-Length: 1000000000\r\n\r\n",
        "GET PATH HTTP/1.1\r\nHost: example.com\r\nContent-Length: 1000000000\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 1000000000\r\n\r\n",
        "POST PATH HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n",
    })
    void aLargeBodyEndsTheConnectionBeforeItIsAllSent(String head) throws IOException {
        boolean chunked = head.contains("chunked");
        long sent = 0;
        AtomicBoolean gaveUp = new AtomicBoolean();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            // A write blocks for as long as the server neither reads nor closes; bound it.
            CompletableFuture.delayedExecutor(WRITE_LIMIT_SECONDS, TimeUnit.SECONDS).execute(() -> {
                gaveUp.set(true);
                closeQuietly(socket);
            });
            OutputStream out = socket.getOutputStream();
            out.write(head.replace("PATH", path(EXAMPLE_COM)).getBytes(StandardCharsets.US_ASCII));
            try {
                while (sent < BODY_BYTES) {
                    out.write(chunked ? ("10000\r\n").getBytes(StandardCharsets.US_ASCII) : new byte[0]);
                    out.write(CHUNK);
                    out.write(chunked ? "\r\n".getBytes(StandardCharsets.US_ASCII) : new byte[0]);
                    sent += CHUNK.length;
                }
            } catch (IOException closedByServer) {
                // The outcome this test wants.
            }
        }

        assertThat(gaveUp).as("the server neither read nor closed within %d s", WRITE_LIMIT_SECONDS).isFalse();
        assertThat(sent).as("body bytes the server let in").isLessThan(BODY_BYTES);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all that was wanted.
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE"})
    void aSmallBodyStillGetsItsAnswer(String method) throws IOException {
        String request = method + " " + path(EXAMPLE_COM) + " HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\n\r\nhello";

        RawExchange exchange = RawExchange.send(server.port(), request);

        exchange.assertRefused(request);
        assertThat(exchange.statuses()).containsExactly(405);
    }
}
