package io.certkeeper.cli;

import io.certkeeper.acme.error.RateLimitedException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When {@code certkeeper run} looks at a lineage again: when its current certificate becomes due
 * (inside the CA's ARI window, else by the lifetime rule of
 * {@link io.certkeeper.acme.renewal.RenewalPolicy}), and at the latest twice a day at a random
 * offset, so that a changed ARI window or a file changed behind its back is noticed; after a
 * failure, backing off as Let's Encrypt's integration guide asks (about 1 minute, 10 minutes,
 * 100 minutes, then daily), unless the CA said when to retry. Pure functions of the time given.
 *
 * <p>Not thread-safe; used by the fleet's one coordinating thread.
 */
final class FleetSchedule {

    /** How often each lineage is checked. */
    static final Duration CHECK_INTERVAL = Duration.ofHours(12);
    /** Spread added to each check, so that many processes do not ask the CA at the same moment. */
    static final Duration CHECK_SPREAD = Duration.ofHours(1);
    /** The waits after the first, second, third and any later failure in a row. */
    static final List<Duration> BACKOFF = List.of(Duration.ofMinutes(1), Duration.ofMinutes(10),
            Duration.ofMinutes(100), Duration.ofDays(1));

    private final RandomGenerator random;

    FleetSchedule(RandomGenerator random) {
        this.random = random;
    }

    /**
     * The next check after a successful one: when the certificate in place becomes due, unless
     * the regular check comes first. A certificate that is due already (its due time passed while
     * the outcome was on its way) is checked again at once.
     *
     * @param now the time
     * @param renewAt when the certificate in place becomes due, if known
     * @return when to check again
     */
    Instant afterSuccess(Instant now, Optional<Instant> renewAt) {
        Instant regular = now.plus(CHECK_INTERVAL).plusSeconds(random.nextLong(CHECK_SPREAD.toSeconds() + 1));
        if (renewAt.isEmpty()) {
            return regular;
        }
        if (!renewAt.get().isAfter(now)) {
            return now;
        }
        return renewAt.get().isBefore(regular) ? renewAt.get() : regular;
    }

    /**
     * The next attempt after a failure.
     *
     * @param now the time
     * @param failuresInARow how many attempts in a row failed, this one included (at least 1)
     * @param error the failure; a rate limit with a Retry-After decides on its own
     * @return when to try again
     */
    Instant afterFailure(Instant now, int failuresInARow, Throwable error) {
        Optional<Instant> retryAfter = retryAfter(now, error);
        if (retryAfter.isPresent()) {
            return retryAfter.get();
        }
        Duration wait = BACKOFF.get(Math.min(Math.max(failuresInARow, 1), BACKOFF.size()) - 1);
        // up to a tenth more, so that lineages failing together do not retry together
        return now.plus(wait).plusMillis(random.nextLong(wait.toMillis() / 10 + 1));
    }

    /**
     * When a check asked for at once (SIGHUP) happens: at once, unless the CA asked not to be
     * asked again before a time that has not come yet.
     *
     * @param now the time
     * @param retryAfter the time the CA asked to wait for after the last failure, if it did
     * @return when to check
     */
    Instant onRequest(Instant now, Optional<Instant> retryAfter) {
        return retryAfter.filter(now::isBefore).orElse(now);
    }

    /**
     * The time the CA asked not to be asked again before, if the failure says one to come.
     *
     * @param now the time
     * @param error the failure
     * @return the CA's Retry-After, if later than {@code now}
     */
    static Optional<Instant> retryAfter(Instant now, Throwable error) {
        if (error instanceof RateLimitedException limited) {
            return limited.retryAfter().filter(now::isBefore);
        }
        return Optional.empty();
    }
}
