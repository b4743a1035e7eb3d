package io.certkeeper.cli;

import io.certkeeper.acme.challenge.ChallengeStore;

/**
 * A challenge store and the resource behind it (the responder), closed together.
 *
 * @param store where tokens are published
 * @param resource what to close when the run ends
 */
record ChallengeSetup(ChallengeStore store, AutoCloseable resource) implements AutoCloseable {

    @Override
    public void close() {
        try {
            resource.close();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(ChallengeSetup.class).warn("could not stop the challenge responder: {}", e.getMessage());
        }
    }
}
