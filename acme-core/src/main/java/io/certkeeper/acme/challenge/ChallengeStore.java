package io.certkeeper.acme.challenge;

import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.error.CertkeeperException;
import java.util.List;
import java.util.Set;

/**
 * Where HTTP-01 key authorizations are published for the CA to fetch.
 *
 * <p>The whole contract is two verbs: {@link #present} before the challenge is triggered and
 * {@link #cleanUp} afterwards, which the issuer always calls, whether validation succeeded or
 * not. Implementations must be thread-safe, and both verbs idempotent: presenting a token twice,
 * or cleaning up one that is not there, is not an error.
 */
public interface ChallengeStore {

    /**
     * Checks, before any order is placed, that this store can publish tokens for every name: a
     * webroot exists and is writable, a responder is listening. The default accepts everything.
     *
     * @param domains the names of the coming order
     * @throws CertkeeperException if a token could not be published for some name; the message
     *         says which and what to do
     */
    default void prepare(Set<DomainName> domains) throws CertkeeperException {
    }

    /**
     * Publishes a token so that the CA can fetch it.
     *
     * @param token the token to publish
     * @throws CertkeeperException if it could not be published
     */
    void present(Http01Token token) throws CertkeeperException;

    /**
     * Publishes all tokens of an order, in order; the issuer calls this once per order, so a store
     * that must know how many tokens there are (such as certbot's
     * {@code CERTBOT_REMAINING_CHALLENGES}) sees them all. The default presents each in turn.
     *
     * <p>If this throws, the issuer still calls {@link #cleanUp} for every token of the list,
     * published or not: a store withdraws only what it did publish.
     *
     * @param tokens the tokens, in the order of the order's authorizations
     * @throws CertkeeperException if a token could not be published; the tokens after it were not
     */
    default void presentAll(List<Http01Token> tokens) throws CertkeeperException {
        for (Http01Token token : tokens) {
            present(token);
        }
    }

    /**
     * Withdraws a token.
     *
     * @param token the token to withdraw
     * @throws CertkeeperException if it could not be withdrawn
     */
    void cleanUp(Http01Token token) throws CertkeeperException;
}
