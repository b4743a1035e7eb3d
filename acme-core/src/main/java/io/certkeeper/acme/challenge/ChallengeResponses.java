package io.certkeeper.acme.challenge;

import java.util.Optional;

/**
 * The read side of a challenge store, for a responder that answers the CA's requests itself.
 *
 * <p>Implementations must be thread-safe: a responder calls this from many threads at once.
 */
@FunctionalInterface
public interface ChallengeResponses {

    /**
     * The key authorization to answer for a request.
     *
     * @param host the request's host name, lower-case, without port; for an IP identifier the
     *        address, in the form {@link io.certkeeper.acme.DomainName} keeps it
     * @param token the token from the request path, already checked by
     *        {@link Http01Token#isValidToken(String)}
     * @return the key authorization if the token is present for that host
     */
    Optional<String> keyAuthorization(String host, String token);
}
