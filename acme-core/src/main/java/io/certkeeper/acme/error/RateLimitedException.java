package io.certkeeper.acme.error;

import java.time.Instant;
import java.util.Optional;

/** The CA rate-limited the request; try again after {@link #retryAfter()}. */
public class RateLimitedException extends CertkeeperException {

    private static final long serialVersionUID = 1L;

    /** When the CA said to try again, or {@code null} if it did not say. */
    private final Instant retryAfter;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param retryAfter when to retry, or {@code null}
     */
    public RateLimitedException(String message, Instant retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /**
     * When the CA allows the next attempt.
     *
     * @return the instant from the CA's Retry-After, if it sent one
     */
    public Optional<Instant> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
