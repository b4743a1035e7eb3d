package io.certkeeper.server;

import static io.certkeeper.server.TestTokens.EXAMPLE_COM;
import static io.certkeeper.server.TestTokens.path;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One source address that opens connections and holds them (the review's finding: 1,100 of them
 * kept 2 of 3 validators out) gets only part of the server's connections, and once the server is
 * crowded, only 16; below that, one address may open more. Every client socket is bound to a
 * loopback address of its own role.
 */
class ConnectionsPerSourceIT {

    private static final InetAddress HOLDER = loopback(2);
    private static final InetAddress VALIDATOR = loopback(3);
    private static final InetAddress RETURNING = loopback(4);
    private static final InetAddress CROWD = loopback(5);
    private static final InetAddress BUSY = loopback(6);
    /** A quarter of the 1,000 connections: from there, the server is crowded. */
    private static final int CROWDED = 250;
    /** More than the server's limit of 1,000 connections, as in the review. */
    private static final int HELD = 1_100;
    /** Far below the 10 s a held connection lasts, so only a per-address limit lets the validator in this soon. */
    private static final long PROMPTLY_MILLIS = 2_000;
    /** How long a connection must stay silent to count as still open. */
    private static final int STILL_OPEN_MILLIS = 20;
    private static final long REOPEN_WITHIN_MILLIS = 4_000;
    /** As a CA's validator asks: one request, and the connection closed after it. */
    private static final String VALIDATION = "GET " + path(EXAMPLE_COM) + " HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n";

    @Test
    void oneAddressHoldingManyConnectionsDoesNotKeepAValidatorOut() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (WatchedServer server = WatchedServer.start()) {
            for (int i = 0; i < HELD; i++) {
                held.add(connect(HOLDER, server.port()));
            }
            long start = System.nanoTime();

            HttpReply reply = RawHttp.sendFrom(VALIDATOR, InetAddress.getLoopbackAddress(), server.port(), VALIDATION);

            assertThat(millisSince(start)).as("milliseconds until the validator's answer").isLessThan(PROMPTLY_MILLIS);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo(EXAMPLE_COM.keyAuthorization());
            assertThat(stillOpen(held)).as("connections %s still holds", HOLDER.getHostAddress()).isEqualTo(CROWDED);
            server.assertHealthy();
        } finally {
            closeAll(held);
        }
    }

    /**
     * In a crowded server (a limit of 64 connections, so crowded from 16; another address holds
     * those 16), an address gets 16 connections, and its place back when one of them closes.
     */
    @Test
    void inACrowdedServerAnAddressAtItsLimitGetsAPlaceBackWhenOneOfItsConnectionsCloses() throws Exception {
        List<Socket> held = new ArrayList<>();
        List<Socket> crowd = new ArrayList<>();
        try (WatchedServer server = WatchedServer.start(builder -> builder.maxConnections(64))) {
            for (int i = 0; i < ChallengeServerBuilder.MAX_CONNECTIONS_PER_SOURCE; i++) {
                crowd.add(connect(CROWD, server.port()));
            }
            for (int i = 0; i < ChallengeServerBuilder.MAX_CONNECTIONS_PER_SOURCE; i++) {
                held.add(connect(RETURNING, server.port()));
            }
            try (Socket beyond = connect(RETURNING, server.port())) {
                assertThat(stillOpen(List.of(beyond))).as("a connection beyond the limit").isZero();
            }

            held.remove(0).close();

            assertThat(answeredWithin(RETURNING, server.port(), REOPEN_WITHIN_MILLIS))
                    .as("a request from %s once one of its connections closed", RETURNING.getHostAddress()).isTrue();
            assertThat(stillOpen(held)).as("its other connections").isEqualTo(held.size());
            assertThat(stillOpen(crowd)).as("the other address's connections").isEqualTo(crowd.size());
            server.assertHealthy();
        } finally {
            closeAll(held);
            closeAll(crowd);
        }
    }

    /** A CA validating many names from one address, or a benchmark, is not refused while there is room. */
    @Test
    void belowCrowdedOneAddressMayOpenMoreThanItsShare() throws Exception {
        int many = 3 * ChallengeServerBuilder.MAX_CONNECTIONS_PER_SOURCE;
        List<Socket> held = new ArrayList<>();
        try (WatchedServer server = WatchedServer.start()) {
            for (int i = 0; i < many; i++) {
                held.add(connect(BUSY, server.port()));
            }

            assertThat(answeredWithin(BUSY, server.port(), PROMPTLY_MILLIS)).as("one more request from %s", BUSY.getHostAddress()).isTrue();
            assertThat(stillOpen(held)).as("connections %s holds", BUSY.getHostAddress()).isEqualTo(many);
            server.assertHealthy();
        } finally {
            closeAll(held);
        }
    }

    private static Socket connect(InetAddress from, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), RawExchange.READ_TIMEOUT_MILLIS);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Whether a request from the address is answered, trying again while the server still counts the closed connection. */
    private static boolean answeredWithin(InetAddress from, int port, long millis) throws InterruptedException {
        long start = System.nanoTime();
        while (millisSince(start) < millis) {
            try {
                HttpReply reply = RawHttp.sendFrom(from, InetAddress.getLoopbackAddress(), port, VALIDATION);
                if (reply.status() == 200) {
                    return true;
                }
            } catch (IOException closedAtOnce) {
                // Still over the limit: closed without an answer.
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** How many of the connections the server has neither closed nor reset; none of them sent anything. */
    private static int stillOpen(List<Socket> sockets) throws IOException {
        int open = 0;
        for (Socket socket : sockets) {
            socket.setSoTimeout(STILL_OPEN_MILLIS);
            try {
                int b = socket.getInputStream().read();
                assertThat(b).as("a byte sent to a client that sent no request").isEqualTo(-1);
            } catch (SocketTimeoutException silent) {
                open++;
            } catch (IOException reset) {
                // closed by the server
            }
        }
        return open;
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private static InetAddress loopback(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (IOException e) {
            throw new IllegalStateException("127.0.0." + last + " is a valid address", e);
        }
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }
}
