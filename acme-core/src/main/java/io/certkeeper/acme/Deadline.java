package io.certkeeper.acme;

import io.certkeeper.acme.error.CaUnreachableException;
import io.certkeeper.acme.error.CertkeeperException;
import java.time.Duration;
import java.time.Instant;

/**
 * The time by which one order must be done, from {@link Polling#timeout()}, and the waits
 * within it. Immutable, so thread-safe; it waits on the calling thread.
 */
final class Deadline {

    private final Polling polling;
    private final Instant at;

    private Deadline(Polling polling, Instant at) {
        this.polling = polling;
        this.at = at;
    }

    /**
     * Starts the clock for an order.
     *
     * @param polling the clock, the sleeper and the timeout
     * @return the deadline, {@link Polling#timeout()} from now
     */
    static Deadline start(Polling polling) {
        return new Deadline(polling, polling.clock().instant().plus(polling.timeout()));
    }

    /**
     * Waits, unless the wait would end at or after the deadline.
     *
     * @param wait how long
     * @param goal what the CA is being waited for, completing "The CA did not …", e.g. "validate [a.test]"
     * @throws CaUnreachableException if the wait would not end before the deadline
     * @throws CertkeeperException if interrupted (the interrupt flag is set again)
     */
    void sleep(Duration wait, String goal) throws CertkeeperException {
        if (!polling.clock().instant().plus(wait).isBefore(at)) {
            throw new CaUnreachableException("The CA did not " + goal + " within " + polling.timeout().toSeconds()
                    + " s; it may be overloaded, try again later", null);
        }
        try {
            polling.sleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CertkeeperException("Interrupted while waiting for the CA to " + goal, e);
        }
    }
}
