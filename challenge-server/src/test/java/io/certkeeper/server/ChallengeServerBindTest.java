package io.certkeeper.server;

import static io.certkeeper.server.TestTokens.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.challenge.ChallengeResponses;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Starting where the responder cannot listen, and stopping it. */
class ChallengeServerBindTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void aTakenPortIsATypedErrorThatSaysWhatToDo() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> ChallengeServer.builder(TestTokens.store()).address("127.0.0.1").port(port).start())
                    .isInstanceOfSatisfying(ResponderBindException.class, e -> {
                        assertThat(e.getMessage())
                                .startsWith("Cannot listen on 127.0.0.1:" + port + ": the port is already in use.")
                                .contains("webroot mode (--webroot -w DIR)")
                                .doesNotContain("\n");
                        assertThat(e.address().getPort()).isEqualTo(port);
                    });
        }
    }

    @Test
    void aFailedStartLeavesNoThreadRunning() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
            assertThatThrownBy(() -> ChallengeServer.builder(TestTokens.store())
                    .address("127.0.0.1").port(taken.getLocalPort()).start())
                    .isInstanceOf(ResponderBindException.class);
        }

        assertThat(threadsLeftSince(before)).isEmpty();
    }

    @Test
    void anAddressOfAnotherMachineIsATypedError() {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): never a local address, and binding sends nothing.
        assertThatThrownBy(() -> ChallengeServer.builder(TestTokens.store()).address("192.0.2.1").port(0).start())
                .isInstanceOf(ResponderBindException.class)
                .hasMessageStartingWith("Cannot listen on 192.0.2.1:0: the address is not one of this machine's.");
    }

    @Test
    void afterCloseConnectionsAreRefusedAndNoThreadIsLeft() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        ChallengeServer server = ChallengeServer.builder(TestTokens.store()).address("127.0.0.1").port(0).start();
        int port = server.port();
        assertThat(liveThreadsStartedSince(before)).as("the server's threads while it runs").isNotEmpty();
        assertThat(RawHttp.get(LOOPBACK, port, "/", "example.com").status()).isEqualTo(404);

        server.close();
        server.close();

        assertThatThrownBy(() -> new Socket(LOOPBACK, port).close()).isInstanceOf(ConnectException.class);
        assertThat(threadsLeftSince(before)).isEmpty();
        assertThat(server.port()).isEqualTo(port);
    }

    @Test
    void closeLetsARequestInFlightFinish() throws Exception {
        CountDownLatch answering = new CountDownLatch(1);
        ChallengeResponses slow = (host, token) -> {
            answering.countDown();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.of(TestTokens.EXAMPLE_COM.keyAuthorization());
        };
        ExecutorService client = Executors.newSingleThreadExecutor();
        ChallengeServer server = ChallengeServer.builder(slow).address("127.0.0.1").port(0).start();
        try {
            Future<HttpReply> reply = client.submit(() -> RawHttp.get(LOOPBACK, server.port(), path(TestTokens.EXAMPLE_COM), "example.com"));
            assertThat(answering.await(5, TimeUnit.SECONDS)).isTrue();

            server.close();

            assertThat(reply.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        } finally {
            server.close();
            client.shutdownNow();
        }
    }

    /** Threads started since the snapshot that are still alive after giving stopping ones a moment to finish. */
    private static List<String> threadsLeftSince(Set<Thread> before) throws InterruptedException {
        List<String> left = liveThreadsStartedSince(before);
        for (int attempt = 0; attempt < 40 && !left.isEmpty(); attempt++) {
            Thread.sleep(50);
            left = liveThreadsStartedSince(before);
        }
        return left;
    }

    private static List<String> liveThreadsStartedSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread) && thread.isAlive())
                .map(Thread::getName)
                .toList();
    }
}
