package io.certkeeper.docker;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action once, a fixed delay after the last of a burst of pokes: each poke postpones the
 * pending run. The action runs on the given executor; an exception it throws is logged and does
 * not stop later runs. Thread-safe.
 */
final class Debouncer {

    private static final Logger LOG = LoggerFactory.getLogger(Debouncer.class);

    private final ScheduledExecutorService executor;
    private final Duration delay;
    private final Runnable action;
    private ScheduledFuture<?> pending;

    Debouncer(ScheduledExecutorService executor, Duration delay, Runnable action) {
        this.executor = executor;
        this.delay = delay;
        this.action = action;
    }

    /** Schedules the action after the delay, in place of a run not yet started. */
    synchronized void poke() {
        if (pending != null) {
            pending.cancel(false);
        }
        try {
            pending = executor.schedule(this::run, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the executor was shut down: the watch is closed, nobody waits for the call any more
            pending = null;
        }
    }

    /** Drops a pending run. */
    synchronized void cancel() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    private void run() {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("the handler of a Docker change failed: {}", e.toString(), e);
        }
    }
}
