package io.certkeeper.server;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One watched responder for a whole test class: started before the first test, checked after
 * every test (it must still answer a CA correctly and have logged nothing), closed after the last.
 * Register it as a static field with {@code @RegisterExtension}.
 */
final class RunningResponder implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final UnaryOperator<ChallengeServerBuilder> configure;
    private WatchedServer server;

    /** A responder with the documented defaults. */
    RunningResponder() {
        this(UnaryOperator.identity());
    }

    /** A responder with the given change to its builder, such as an option turned on. */
    RunningResponder(UnaryOperator<ChallengeServerBuilder> configure) {
        this.configure = configure;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = WatchedServer.start(configure);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        server.assertHealthy();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    /**
     * The responder's port on 127.0.0.1.
     *
     * @return the port
     */
    int port() {
        return server.port();
    }
}
