package io.certkeeper.cli;

import io.certkeeper.acme.error.RateLimitedException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When {@code certkeeper run} looks at a lineage again: twice a day at a random offset, sooner if
 * the renewal time comes first; after a failure, backing off as Let's Encrypt's integration guide
 * asks (about 1 minute, 10 minutes, 100 minutes, then daily), unless the CA said when to retry.
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
     * The next check after a successful one.
     *
     * @param now the time
     * @param renewAt when the current certificate becomes due, if known
     * @return when to check again
     */
    Instant afterSuccess(Instant now, Optional<Instant> renewAt) {
        Instant regular = now.plus(CHECK_INTERVAL).plusSeconds(random.nextLong(CHECK_SPREAD.toSeconds() + 1));
        if (renewAt.isPresent() && renewAt.get().isAfter(now) && renewAt.get().isBefore(regular)) {
            return renewAt.get();
        }
        return regular;
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
        if (error instanceof RateLimitedException limited && limited.retryAfter().isPresent()
                && limited.retryAfter().get().isAfter(now)) {
            return limited.retryAfter().get();
        }
        Duration wait = BACKOFF.get(Math.min(Math.max(failuresInARow, 1), BACKOFF.size()) - 1);
        // up to a tenth more, so that lineages failing together do not retry together
        return now.plus(wait).plusMillis(random.nextLong(wait.toMillis() / 10 + 1));
    }
}
