package io.certkeeper.acme;

import io.certkeeper.acme.error.CertkeeperException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import org.shredzone.acme4j.Login;

/**
 * Sends an order's requests for different authorizations at the same time: one lane per login to
 * the account, each login on a session of its own (see {@link AcmeSessions#sibling}), each lane
 * with a thread of its own that sends that lane's requests one after another.
 *
 * <p>An acme4j object bound to a lane's login sends its requests through that lane's session, so
 * callers give every item the lane its objects are bound to; items of one lane never compete for
 * one session's nonce. With a single lane, everything runs on the calling thread.
 *
 * <p>Not thread-safe: used by the thread that runs the order. {@link #close()} stops the lanes'
 * threads, interrupting requests still in flight.
 */
final class Lanes implements AutoCloseable {

    /**
     * The most lanes an order gets: beyond this, a CA's rate limits on concurrent requests, and
     * on a small machine its threads, cost more than the waits they save.
     */
    static final int MAX = 8;

    /** How long {@link #close()} waits for interrupted requests to give up. */
    private static final long STOP_SECONDS = 10;

    private final List<Login> logins;
    private final ExecutorService executor;

    /**
     * Opens lanes, one per login.
     *
     * @param logins logins to the same account, each on a session of its own, at most {@link #MAX}
     * @throws IllegalArgumentException if there is none, or more than {@link #MAX}
     */
    Lanes(List<Login> logins) {
        if (logins.isEmpty() || logins.size() > MAX) {
            throw new IllegalArgumentException("need 1 to " + MAX + " logins, not " + logins.size());
        }
        this.logins = List.copyOf(logins);
        this.executor = logins.size() == 1 ? null : Executors.newFixedThreadPool(logins.size(), daemonThreads());
    }

    /**
     * How many lanes there are.
     *
     * @return at least 1
     */
    int size() {
        return logins.size();
    }

    /**
     * A lane's login, to bind the acme4j objects of that lane's items to.
     *
     * @param lane 0 to {@link #size()} − 1
     * @return the login
     */
    Login login(int lane) {
        return logins.get(lane);
    }

    /**
     * Applies a call to every item, the items of each lane one after another in list order, the
     * lanes at the same time, and waits for all. At the first failure the other lanes are
     * interrupted and the failure is thrown.
     *
     * @param items the items
     * @param laneOf the lane of an item
     * @param call what to do with one item
     * @param <T> the items' type
     * @param <R> the results' type
     * @return the results, in the order of the items
     * @throws CertkeeperException the first failure of a call, or if interrupted while waiting
     */
    <T, R> List<R> map(List<T> items, ToIntFunction<T> laneOf, LaneCall<T, R> call) throws CertkeeperException {
        Object[] results = new Object[items.size()];
        if (executor == null) {
            for (int i = 0; i < items.size(); i++) {
                results[i] = call.apply(items.get(i));
            }
            return results(results);
        }
        List<List<Integer>> indexesByLane = new ArrayList<>();
        logins.forEach(login -> indexesByLane.add(new ArrayList<>()));
        for (int i = 0; i < items.size(); i++) {
            indexesByLane.get(laneOf.applyAsInt(items.get(i))).add(i);
        }
        CompletionService<Void> completion = new ExecutorCompletionService<>(executor);
        List<Future<Void>> running = new ArrayList<>();
        for (List<Integer> indexes : indexesByLane) {
            if (!indexes.isEmpty()) {
                running.add(completion.submit(() -> {
                    for (int i : indexes) {
                        results[i] = call.apply(items.get(i));
                    }
                    return null;
                }));
            }
        }
        try {
            for (int done = 0; done < running.size(); done++) {
                completion.take().get();
            }
        } catch (ExecutionException e) {
            running.forEach(future -> future.cancel(true));
            throw rethrown(e.getCause());
        } catch (InterruptedException e) {
            running.forEach(future -> future.cancel(true));
            Thread.currentThread().interrupt();
            throw new CertkeeperException("Interrupted while waiting for the CA", e);
        }
        // Each lane's writes to results happen before its future completes, and so before this read.
        return results(results);
    }

    @Override
    public void close() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    private static <R> List<R> results(Object[] results) {
        return (List<R>) Collections.unmodifiableList(Arrays.asList(results));
    }

    private static CertkeeperException rethrown(Throwable cause) {
        if (cause instanceof CertkeeperException certkeeper) {
            return certkeeper;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new CertkeeperException("Unexpected failure while talking to the CA: " + cause, cause);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "certkeeper-lane-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * One call on one item, on its lane's thread.
     *
     * @param <T> the item's type
     * @param <R> the result's type
     */
    @FunctionalInterface
    interface LaneCall<T, R> {

        /**
         * Makes the call.
         *
         * @param item the item
         * @return the result
         * @throws CertkeeperException if it fails
         */
        R apply(T item) throws CertkeeperException;
    }
}
