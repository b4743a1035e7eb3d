package io.certkeeper.docker;

import io.certkeeper.acme.error.CertkeeperException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the engine's container events and calls {@code changed}, debounced, on a daemon thread
 * of its own. When the event stream breaks (the engine restarted), it reconnects with a growing
 * delay and calls {@code changed} once reconnected, since containers may have come and gone
 * meanwhile; one log line says it lost the engine, one that it is back. Thread-safe.
 */
final class EventWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventWatch.class);

    /** The engine answers a subscription at once; this only bounds a hung engine. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final DockerEngine engine;
    private final DockerSettings settings;
    private final ScheduledExecutorService executor;
    private final Debouncer debouncer;
    private EventStream current;
    private boolean closed;

    private EventWatch(DockerEngine engine, DockerSettings settings, Runnable changed) {
        this.engine = engine;
        this.settings = settings;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "certkeeper-docker-watch");
            thread.setDaemon(true);
            return thread;
        });
        this.debouncer = new Debouncer(executor, settings.debounce(), changed);
    }

    /**
     * Subscribes to the engine's events.
     *
     * @param engine the engine
     * @param settings the debounce and reconnection delays
     * @param changed called after a burst of changes, and after reconnecting
     * @return the running watch
     * @throws CertkeeperException if the engine cannot be reached or refuses
     */
    static EventWatch start(DockerEngine engine, DockerSettings settings, Runnable changed) throws CertkeeperException {
        EventWatch watch = new EventWatch(engine, settings, changed);
        try {
            watch.subscribe();
        } catch (CertkeeperException | RuntimeException e) {
            watch.close();
            throw e;
        }
        return watch;
    }

    private void subscribe() throws CertkeeperException {
        EventStream stream = new EventStream(debouncer::poke, this::ended);
        synchronized (this) {
            if (closed) {
                return;
            }
            current = stream;
        }
        Throwable failure;
        try {
            engine.subscribe(stream);
            stream.awaitStarted(START_TIMEOUT);
            return;
        } catch (ExecutionException e) {
            failure = e.getCause();
        } catch (TimeoutException e) {
            failure = new TimeoutException("no answer within " + START_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        } catch (RuntimeException e) {
            failure = e;
        }
        synchronized (this) {
            if (current == stream) {
                current = null;
            }
        }
        stream.close();
        throw engine.errors().translate("watch the containers' events", failure);
    }

    private void ended(EventStream stream, Throwable error) {
        synchronized (this) {
            if (closed || stream != current) {
                return;
            }
            current = null;
        }
        LOG.warn("lost the Docker engine's events at {} ({}); reconnecting", engine.address(),
                error == null ? "the engine closed the stream" : EngineErrors.describe(error));
        schedule(settings.reconnectDelay());
    }

    private void schedule(Duration delay) {
        try {
            executor.schedule(() -> reconnect(delay), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void reconnect(Duration delay) {
        try {
            subscribe();
        } catch (CertkeeperException e) {
            Duration next = delay.multipliedBy(2).compareTo(settings.maxReconnectDelay()) > 0
                    ? settings.maxReconnectDelay() : delay.multipliedBy(2);
            LOG.debug("{}; next attempt in {} ms", e.getMessage(), next.toMillis());
            schedule(next);
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        LOG.info("reconnected to the Docker engine at {}; reading the containers again", engine.address());
        debouncer.poke();
    }

    /** Stops watching: closes the stream, drops a pending call and stops the thread. Idempotent. */
    @Override
    public void close() {
        EventStream stream;
        synchronized (this) {
            closed = true;
            stream = current;
            current = null;
        }
        if (stream != null) {
            stream.close();
        }
        debouncer.cancel();
        executor.shutdownNow();
    }
}
