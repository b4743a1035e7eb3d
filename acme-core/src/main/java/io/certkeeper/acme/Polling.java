package io.certkeeper.acme;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How to wait for the CA: short first waits that grow, the CA's Retry-After when it sends one,
 * and an overall deadline.
 *
 * <p>A CA usually validates within a second, so starting with long fixed sleeps only adds
 * latency; backing off keeps a slow CA from being hammered.
 *
 * @param clock the clock deadlines are measured with
 * @param sleeper how to wait; tests pass one that advances a fixed clock
 * @param firstDelay the first wait
 * @param maxDelay the longest wait certkeeper picks itself (a Retry-After may be longer)
 * @param timeout how long validation and issuance may take in all
 */
public record Polling(Clock clock, Sleeper sleeper, Duration firstDelay, Duration maxDelay, Duration timeout) {

    /**
     * Validates the fields.
     *
     * @param clock the clock deadlines are measured with
     * @param sleeper how to wait; tests pass one that advances a fixed clock
     * @param firstDelay the first wait
     * @param maxDelay the longest wait certkeeper picks itself (a Retry-After may be longer)
     * @param timeout how long validation and issuance may take in all
     */
    public Polling {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("need 0 <= firstDelay <= maxDelay and a positive timeout");
        }
    }

    /**
     * The defaults: start at 10 ms, double up to 3 s, give up after 5 minutes. A CA that
     * validates in a second is asked about ten times; one that answers at once costs no wait.
     *
     * @param clock the clock
     * @return the settings
     */
    public static Polling defaults(Clock clock) {
        return new Polling(clock, Sleeper.THREAD, Duration.ofMillis(10), Duration.ofSeconds(3), Duration.ofMinutes(5));
    }

    /**
     * The next wait after {@code previous}.
     *
     * @param previous the last wait, or {@code null} before the first
     * @return the grown wait, capped at {@link #maxDelay()}
     */
    public Duration next(Duration previous) {
        if (previous == null) {
            return firstDelay;
        }
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(maxDelay) > 0 ? maxDelay : doubled;
    }

    /**
     * The wait to use: ours, or until the CA's Retry-After if that is later.
     *
     * @param ours the backoff wait
     * @param retryAfter the CA's Retry-After, if any
     * @return the wait
     */
    public Duration honour(Duration ours, Optional<Instant> retryAfter) {
        Instant now = clock.instant();
        return retryAfter.map(at -> Duration.between(now, at)).filter(d -> d.compareTo(ours) > 0).orElse(ours);
    }
}
