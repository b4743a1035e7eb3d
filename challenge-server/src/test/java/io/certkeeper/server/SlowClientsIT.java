package io.certkeeper.server;

import static io.certkeeper.server.TestTokens.EXAMPLE_COM;
import static io.certkeeper.server.TestTokens.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Clients that hold a connection without finishing a request (slowloris): the timeouts close them,
 * and the connection limit keeps them from using up the process's file descriptors without keeping
 * a CA out for longer than the timeout. The tests shorten the timeout from 10 seconds to 1.
 */
class SlowClientsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** The timeout plus a margin for a loaded CI machine; Undertow checks its timeouts only every so often. */
    private static final long CLOSED_WITHIN_MILLIS = 4_000;
    /** Stalled writes are noticed less promptly than idle reads, so this bound is looser. */
    private static final long NEVER_READ_CLOSED_WITHIN_SECONDS = 15;
    /** Far more than socket buffers hold, so the writes stall unless the server closes. */
    private static final int MAX_PIPELINED = 2_000_000;
    private static final String VALID = "GET " + path(EXAMPLE_COM) + " HTTP/1.1\r\nHost: example.com\r\n\r\n";

    @Test
    void anIdleConnectionIsClosedByTheTimeout() throws Exception {
        try (WatchedServer server = WatchedServer.start(builder -> builder.timeout(TIMEOUT));
                Socket idle = connect(server)) {
            long start = System.nanoTime();

            assertThat(waitForClose(idle, CLOSED_WITHIN_MILLIS)).as("closed by the server").isTrue();
            assertThat(millisSince(start)).isGreaterThanOrEqualTo(TIMEOUT.toMillis() / 2);
            server.assertHealthy();
        }
    }

    /** Each byte comes well within the idle timeout, so only the timeout for the whole request can end it. */
    @Test
    void aRequestSentAByteAtATimeIsClosedByTheTimeout() throws Exception {
        try (WatchedServer server = WatchedServer.start(builder -> builder.timeout(TIMEOUT));
                Socket slow = connect(server)) {
            slow.getOutputStream().write(("GET " + path(EXAMPLE_COM) + " HTTP/1.1\r\nHost: example.com\r\nX-Slow: ")
                    .getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            boolean closed = false;
            int sent = 0;
            while (!closed && millisSince(start) < CLOSED_WITHIN_MILLIS) {
                closed = !trySend(slow, 'a') || waitForClose(slow, TIMEOUT.toMillis() / 5);
                sent++;
            }

            assertThat(closed).as("closed by the server within %d ms, after %d bytes", CLOSED_WITHIN_MILLIS, sent).isTrue();
            assertThat(sent).as("bytes sent, at least two per timeout").isGreaterThanOrEqualTo(2);
            server.assertHealthy();
        }
    }

    /**
     * A client that pipelines requests and never reads the answers stops the server's writes once
     * the socket buffers are full; it is closed although the connection was never idle.
     */
    @Test
    void aClientThatNeverReadsItsAnswersIsClosed() throws Exception {
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (WatchedServer server = WatchedServer.start(builder -> builder.timeout(TIMEOUT));
                Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
            byte[] request = VALID.getBytes(StandardCharsets.US_ASCII);
            Future<Integer> sending = writer.submit(() -> {
                int sent = 0;
                while (sent < MAX_PIPELINED) {
                    socket.getOutputStream().write(request);
                    sent++;
                }
                return sent;
            });

            assertThatThrownBy(() -> sending.get(NEVER_READ_CLOSED_WITHIN_SECONDS, TimeUnit.SECONDS))
                    .as("writing requests to a connection the server closes")
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IOException.class);
            server.assertHealthy();
        } finally {
            writer.shutdownNow();
        }
    }

    /** From 20 addresses, 10 each, as one address may hold only 16 (ConnectionsPerSourceIT). */
    @Test
    void twoHundredIdleConnectionsDoNotKeepACaOut() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try (WatchedServer server = WatchedServer.start()) {
            for (int i = 0; i < 200; i++) {
                idle.add(connectFrom(InetAddress.getByAddress(new byte[] {127, 0, 1, (byte) (1 + i / 10)}), server));
            }
            long start = System.nanoTime();

            server.assertHealthy();
            assertThat(millisSince(start)).isLessThan(CLOSED_WITHIN_MILLIS);
            assertThat(waitForClose(idle.get(0), 10)).as("idle connections still open").isFalse();
            assertThat(waitForClose(idle.get(199), 10)).as("idle connections still open").isFalse();
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    /**
     * The connection limit for real, with the timeout left at 10 s so that only closing a
     * connection makes room; the held connections are idle, as every answer closes its connection.
     */
    @Test
    void atTheConnectionLimitANewClientWaitsForAConnectionToClose() throws Exception {
        int limit = 10;
        List<Socket> held = new ArrayList<>();
        try (WatchedServer server = WatchedServer.start(builder -> builder.maxConnections(limit))) {
            for (int i = 0; i < limit; i++) {
                held.add(connect(server));
            }
            Socket waiting = connect(server);
            held.add(waiting);
            waiting.getOutputStream().write(VALID.getBytes(StandardCharsets.US_ASCII));

            assertThat(answerWithin(waiting, 1_000)).as("an answer beyond the limit").isEmpty();

            held.get(0).close();

            assertThat(answerWithin(waiting, CLOSED_WITHIN_MILLIS)).as("the answer once a connection closed").startsWith("HTTP/1.1 200 ");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    private static Socket connect(WatchedServer server) throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), server.port());
    }

    /** A connection from another loopback address than 127.0.0.1, from which the server is checked. */
    private static Socket connectFrom(InetAddress from, WatchedServer server) throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), server.port(), from, 0);
    }

    /** The first bytes of an answer, or empty if none came within the time. */
    private static String answerWithin(Socket socket, long millis) throws IOException {
        socket.setSoTimeout((int) millis);
        byte[] buffer = new byte[4096];
        try {
            int n = socket.getInputStream().read(buffer);
            return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
        } catch (SocketTimeoutException e) {
            return "";
        }
    }

    private static boolean trySend(Socket socket, char c) {
        try {
            socket.getOutputStream().write(c);
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    /** Whether the server closed (or reset) the connection within the time; it must send nothing else. */
    private static boolean waitForClose(Socket socket, long millis) throws IOException {
        socket.setSoTimeout((int) millis);
        InputStream in = socket.getInputStream();
        try {
            int b = in.read();
            assertThat(b).as("a byte from the server to a client that sent no complete request").isEqualTo(-1);
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }
}
