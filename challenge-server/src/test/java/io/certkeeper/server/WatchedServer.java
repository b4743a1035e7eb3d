package io.certkeeper.server;

import static io.certkeeper.server.TestTokens.EXAMPLE_COM;
import static io.certkeeper.server.TestTokens.path;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.util.function.UnaryOperator;

/**
 * A real responder on {@code 127.0.0.1:0} with a {@link LogWatch} around it, for tests that throw
 * hostile traffic at it and then check that it is still well.
 */
final class WatchedServer implements AutoCloseable {

    private final LogWatch log;
    private final ChallengeServer server;

    private WatchedServer(LogWatch log, ChallengeServer server) {
        this.log = log;
        this.server = server;
    }

    /** Starts a server with the documented limits. */
    static WatchedServer start() throws ResponderBindException {
        return start(UnaryOperator.identity());
    }

    /** Starts a server after the given change to its builder, such as a shorter timeout. */
    static WatchedServer start(UnaryOperator<ChallengeServerBuilder> configure) throws ResponderBindException {
        LogWatch log = LogWatch.start();
        try {
            ChallengeServerBuilder builder = ChallengeServer.builder(TestTokens.store()).address("127.0.0.1").port(0);
            return new WatchedServer(log, configure.apply(builder).start());
        } catch (ResponderBindException | RuntimeException e) {
            log.close();
            throw e;
        }
    }

    int port() {
        return server.port();
    }

    /**
     * Asserts that the server answers a CA's request as it should and that, so far, nothing was
     * logged as a warning or error and no exception went uncaught.
     */
    void assertHealthy() throws IOException {
        HttpReply reply = RawHttp.get(InetAddress.getLoopbackAddress(), port(), path(EXAMPLE_COM), "example.com");

        assertThat(reply.status()).as("a valid request's status").isEqualTo(200);
        assertThat(reply.body()).isEqualTo(EXAMPLE_COM.keyAuthorization());
        assertThat(log.problems()).as("warnings, errors and uncaught exceptions").isEmpty();
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            log.close();
        }
    }
}
