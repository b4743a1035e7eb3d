package io.certkeeper.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DebouncerTest {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final Semaphore runs = new Semaphore(0);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aBurstOfPokesRunsTheActionOnceAfterTheDelay() throws InterruptedException {
        Debouncer debouncer = new Debouncer(executor, Duration.ofMillis(300), runs::release);

        long start = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            debouncer.poke();
        }

        assertThat(runs.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(runs.tryAcquire(600, TimeUnit.MILLISECONDS)).as("a second run").isFalse();
    }

    @Test
    void aPokeAfterARunRunsItAgain() throws InterruptedException {
        Debouncer debouncer = new Debouncer(executor, Duration.ofMillis(50), runs::release);

        debouncer.poke();
        assertThat(runs.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        debouncer.poke();
        assertThat(runs.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void cancelDropsThePendingRun() throws InterruptedException {
        Debouncer debouncer = new Debouncer(executor, Duration.ofMillis(100), runs::release);

        debouncer.poke();
        debouncer.cancel();

        assertThat(runs.tryAcquire(400, TimeUnit.MILLISECONDS)).isFalse();
    }

    @Test
    void aFailingActionDoesNotStopLaterRuns() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        Debouncer debouncer = new Debouncer(executor, Duration.ofMillis(20), () -> {
            runs.release();
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("the handler broke");
            }
        });

        debouncer.poke();
        assertThat(runs.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        debouncer.poke();
        assertThat(runs.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void pokingAfterTheExecutorStoppedIsIgnored() {
        Debouncer debouncer = new Debouncer(executor, Duration.ofMillis(20), runs::release);
        executor.shutdownNow();

        debouncer.poke();

        assertThat(runs.availablePermits()).isZero();
    }
}
