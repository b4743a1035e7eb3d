package io.certkeeper.cli;

import io.certkeeper.acme.challenge.InMemoryChallengeStore;
import io.certkeeper.server.BindHints;
import io.certkeeper.server.ChallengeServer;
import io.certkeeper.server.ChallengeServerBuilder;
import io.certkeeper.server.ResponderBindException;

/**
 * The built-in responder of {@code certkeeper run}: started once, when the first standalone
 * certificate needs it, and kept up for the life of the process, serving the tokens of every
 * lineage ordered concurrently.
 *
 * <p>Thread-safe.
 */
final class SharedResponder implements AutoCloseable {

    /** The ways around a port the responder cannot bind, in the certificates file's words. */
    static final BindHints FILE_HINTS = new BindHints(
            "the web server instead: challenge: {webroot: DIR} in the certificates file", "responder: {port: PORT}");

    private final ResponderSettings settings;
    private final InMemoryChallengeStore store = new InMemoryChallengeStore();
    private ChallengeServer server;

    SharedResponder(ResponderSettings settings) {
        this.settings = settings;
    }

    /** The store the responder serves; lineages publish their tokens here. */
    InMemoryChallengeStore store() {
        return store;
    }

    /**
     * Starts the responder unless it is running; the responder logs where it listens.
     *
     * @throws ResponderBindException if the port cannot be bound (the message says what to do)
     */
    synchronized void start() throws ResponderBindException {
        if (server != null) {
            return;
        }
        ChallengeServerBuilder builder = ChallengeServer.builder(store).port(settings.port())
                .redirectHttps(settings.redirectHttps())
                .bindHints(FILE_HINTS);
        settings.address().ifPresent(builder::address);
        server = builder.start();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
