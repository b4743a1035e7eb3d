package io.certkeeper.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A short fuzz run: thousands of mutated requests ({@link RequestMutator}), each on its own
 * connection, none of which may get a 5xx, hang the server, hand out a key authorization it did
 * not ask for, or make anything log a warning.
 *
 * <p>The seed is fixed so that CI runs are repeatable; run others with
 * {@code -Dfuzz.seed=N -Dfuzz.iterations=N}. A failure names the seed and iteration that replay it.
 */
class RequestFuzzIT {

    private static final long DEFAULT_SEED = 8555;
    private static final int DEFAULT_ITERATIONS = 5_000;
    private static final long TIME_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(20);
    /** A fifth is enough to prove the point on a slow or busy CI machine; a fast one does them all. */
    private static final int AT_LEAST_ONE_IN = 5;

    @Test
    void mutatedRequestsGetA4xxAnAnswerOrAClose() throws Exception {
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        int iterations = Integer.getInteger("fuzz.iterations", DEFAULT_ITERATIONS);
        System.out.printf("RequestFuzzIT: seed %d, %d iterations (-Dfuzz.seed=N -Dfuzz.iterations=N for others)%n", seed, iterations);
        long deadline = System.nanoTime() + TIME_LIMIT_NANOS;
        int done = 0;
        Map<String, Integer> outcomes = new TreeMap<>();
        try (WatchedServer server = WatchedServer.start()) {
            for (; done < iterations && System.nanoTime() < deadline; done++) {
                String request = RequestMutator.mutate(new Random(iterationSeed(seed, done)));
                RawExchange exchange = RawExchange.send(server.port(), request);
                try {
                    exchange.assertNoServerError(request);
                } catch (AssertionError e) {
                    throw new AssertionError("fuzz seed " + seed + ", iteration " + done + ": " + e.getMessage(), e);
                }
                outcomes.merge(exchange.statuses().isEmpty() ? "closed" : exchange.statuses().toString(), 1, Integer::sum);
            }
            server.assertHealthy();
        }
        System.out.printf("RequestFuzzIT: %d of %d iterations done; answers: %s%n", done, iterations, outcomes);
        assertThat(done).as("iterations done within %d s", TimeUnit.NANOSECONDS.toSeconds(TIME_LIMIT_NANOS))
                .isGreaterThanOrEqualTo(Math.max(1, iterations / AT_LEAST_ONE_IN));
    }

    /** Each iteration has a seed of its own, so that one can be replayed without the ones before it. */
    static long iterationSeed(long seed, int iteration) {
        return seed * 1_000_003L + iteration;
    }
}
