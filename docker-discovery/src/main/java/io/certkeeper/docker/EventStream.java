package io.certkeeper.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * One subscription to the engine's events, fed by docker-java's streaming thread. Reports each
 * event, and the end of a stream that had started (the engine stopped or the connection broke)
 * once; a stream that never started fails {@link #awaitStarted} instead. Thread-safe.
 */
final class EventStream implements ResultCallback<Event> {

    private final Runnable onEvent;
    private final BiConsumer<EventStream, Throwable> onEnd;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private Closeable connection;
    private boolean closed;
    private boolean ended;

    /**
     * @param onEvent called for each event
     * @param onEnd called once when a started stream ends without {@link #close()}, with the
     *        error, or {@code null} if the engine closed the stream
     */
    EventStream(Runnable onEvent, BiConsumer<EventStream, Throwable> onEnd) {
        this.onEvent = onEvent;
        this.onEnd = onEnd;
    }

    /**
     * Waits until the engine answered the subscription.
     *
     * @param timeout how long to wait
     * @throws ExecutionException with the cause if the subscription failed
     * @throws TimeoutException if the engine did not answer in time
     * @throws InterruptedException if interrupted meanwhile
     */
    void awaitStarted(Duration timeout) throws ExecutionException, TimeoutException, InterruptedException {
        started.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void onStart(Closeable stream) {
        boolean closeNow;
        synchronized (this) {
            connection = stream;
            closeNow = closed;
        }
        if (closeNow) {
            closeQuietly(stream);
        }
        started.complete(null);
    }

    @Override
    public void onNext(Event event) {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        onEvent.run();
    }

    @Override
    public void onError(Throwable error) {
        end(error);
    }

    @Override
    public void onComplete() {
        end(null);
    }

    private void end(Throwable error) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        if (!started.isDone()) {
            started.completeExceptionally(error != null ? error
                    : new IOException("the engine closed the event stream before answering"));
            return;
        }
        boolean report;
        synchronized (this) {
            report = !closed;
        }
        if (report) {
            onEnd.accept(this, error);
        }
    }

    /** Closes the connection; the end that follows is not reported. Idempotent. */
    @Override
    public void close() {
        Closeable stream;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stream = connection;
        }
        if (stream != null) {
            closeQuietly(stream);
        }
    }

    private static void closeQuietly(Closeable stream) {
        try {
            stream.close();
        } catch (IOException | RuntimeException e) {
            // the connection is being dropped anyway
        }
    }
}
