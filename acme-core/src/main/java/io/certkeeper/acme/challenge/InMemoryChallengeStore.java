package io.certkeeper.acme.challenge;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps tokens in memory for a responder in the same process to serve, such as certkeeper's
 * {@code ChallengeServer}.
 *
 * <p>Thread-safe: presenting, cleaning up and looking up may happen concurrently.
 */
public final class InMemoryChallengeStore implements ChallengeStore, ChallengeResponses {

    private final Map<Key, String> tokens = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemoryChallengeStore() {
    }

    @Override
    public void present(Http01Token token) {
        tokens.put(Key.of(token), token.keyAuthorization());
    }

    @Override
    public void cleanUp(Http01Token token) {
        tokens.remove(Key.of(token), token.keyAuthorization());
    }

    @Override
    public Optional<String> keyAuthorization(String host, String token) {
        return Optional.ofNullable(tokens.get(new Key(host, token)));
    }

    /**
     * How many tokens are present.
     *
     * @return the number of tokens currently published
     */
    public int size() {
        return tokens.size();
    }

    private record Key(String host, String token) {
        static Key of(Http01Token token) {
            return new Key(token.domain().value(), token.token());
        }
    }
}
