package io.certkeeper.server;

import io.certkeeper.acme.challenge.ChallengeResponses;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * A standalone HTTP-01 responder (RFC 8555 §8.3) for hosts with no web server: an Undertow server
 * that answers every token its {@link ChallengeResponses} holds, with a {@link ChallengeHandler}.
 *
 * <pre>{@code
 * try (ChallengeServer server = ChallengeServer.builder(store).port(80).start()) {
 *     // present tokens to the store, let the CA validate, clean up
 * }
 * }</pre>
 *
 * <p>Every other path gets {@code 404}, or, with {@link ChallengeServerBuilder#redirectHttps}, a
 * redirect to the same host and path over https, for a responder that keeps port 80 for the
 * whole life of a process (as {@code certkeeper run} does) where a web server would otherwise
 * redirect.
 *
 * <p>It is sized for a CA's validators, never for browsers, and bounded against everyone else.
 * {@code challenge-server/LIMITS.md} explains each limit and what a client that exceeds it gets:
 * <ul>
 *   <li>Threads: 1 I/O thread, which gives every answer, and 1 that accepts connections; a pool
 *       of at most 1 worker thread, which Undertow requires, stays empty.
 *   <li>Connections: one request each; every answer ends with {@code Connection: close}, as a
 *       CA's validators send one request per connection. At most 1,000 open at once; further
 *       ones wait in the operating system's listen backlog (1,000, or less if the system caps
 *       it) until one closes.
 *   <li>Connections per source: once 250 connections are open, a source (an IPv4 address, or an
 *       IPv6 /64) that holds 16 or more has each new connection closed at once, unread, so that
 *       one source cannot take the 1,000. Below 250, no source is refused.
 *   <li>Request head: at most 8 KiB for the request line and headers together, and at most 64
 *       header fields; more gets {@code 400} and a closed connection.
 *   <li>Request body: never read. A request that has one is answered and its connection closed;
 *       one that declares more than 64 KiB may get the close alone.
 *   <li>Timeouts, 10 seconds each: to send a whole request head once it has begun; to begin a
 *       request on a new connection; of no traffic on the connection; for the client to take any
 *       part of an answer it is sent; and for it to close its end after the answer. The
 *       connection is closed when one runs out.
 * </ul>
 *
 * <p>{@link #close()} lets requests in flight finish for up to 2 seconds and the server's threads
 * stop for up to 1 second more.
 *
 * <p>Thread-safe: {@link #port()} and {@link #addresses()} may be read from any thread, and
 * {@link #close()} may be called from any thread except one of the server's own.
 */
public final class ChallengeServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChallengeServer.class);
    private static final long GRACE_MILLIS = 2_000;

    private final XnioWorker worker;
    private final AcceptingChannel<StreamConnection> channel;
    private final HttpOpenListener http;
    private final GracefulShutdownHandler requests;
    private final int workerShutdownMillis;
    private final List<InetSocketAddress> addresses;
    private boolean closed;

    /**
     * Takes over a started worker and a channel that accepts connections, as
     * {@link ChallengeServerBuilder} sets them up: the channel's accept listener hands connections
     * to {@code http}, whose root handler is {@code requests}.
     */
    ChallengeServer(XnioWorker worker, AcceptingChannel<StreamConnection> channel, HttpOpenListener http,
            GracefulShutdownHandler requests, int workerShutdownMillis) {
        this.worker = worker;
        this.channel = channel;
        this.http = http;
        this.requests = requests;
        this.workerShutdownMillis = workerShutdownMillis;
        this.addresses = List.of(channel.getLocalAddress(InetSocketAddress.class));
        LOG.info("Answering HTTP-01 challenges on {}", this);
    }

    /**
     * Starts configuring a server that answers from the given responses.
     *
     * @param responses where to look up key authorizations; must be thread-safe and must not block
     * @return a builder; by default it listens on port 80 of every IPv4 and IPv6 interface
     */
    public static ChallengeServerBuilder builder(ChallengeResponses responses) {
        return new ChallengeServerBuilder(responses);
    }

    /**
     * The port the server listens on; the one the operating system picked if it was started with
     * port 0.
     *
     * @return the bound port
     */
    public int port() {
        return addresses.get(0).getPort();
    }

    /**
     * The addresses the server listens on. Without an explicit address this is the IPv6 wildcard
     * {@code [::]}, a dual-stack socket that accepts IPv4 too, or {@code 0.0.0.0} on a machine
     * without IPv6.
     *
     * @return the bound addresses with their real port; still the same after {@link #close()}
     */
    public List<InetSocketAddress> addresses() {
        return addresses;
    }

    /**
     * Stops the server gracefully: stops accepting connections, lets requests in flight finish for
     * a short bounded time, then closes every connection and stops the threads. Calling it again
     * does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean interrupted = false;
        try {
            stopAccepting();
            requests.shutdown();
            if (!requests.awaitShutdown(GRACE_MILLIS)) {
                LOG.debug("Requests still in flight after {} ms; closing their connections", GRACE_MILLIS);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            IoUtils.safeClose(channel);
            // Stopping waits for the threads, which an interrupt flag would cut short: it is set again after.
            interrupted |= stopWorker(worker, workerShutdownMillis);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        LOG.info("Stopped answering HTTP-01 challenges on {}", this);
    }

    /**
     * Stops accepting, and closes every connection between requests now, as Undertow's own
     * {@code ListenerInfo.suspend} does; connections in a request close once it is answered.
     * Undertow's listener keeps its connections for its I/O thread, so they are closed there.
     */
    private void stopAccepting() throws InterruptedException {
        channel.suspendAccepts();
        CountDownLatch done = new CountDownLatch(1);
        channel.getIoThread().execute(() -> {
            try {
                http.closeConnections();
            } finally {
                done.countDown();
            }
        });
        done.await();
    }

    /**
     * Stops a worker's threads: lets them finish what they run for up to the given time, then
     * interrupts them.
     *
     * @return whether the calling thread was interrupted while it waited
     */
    static boolean stopWorker(XnioWorker worker, int millis) {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
                worker.shutdownNow();
            }
            return false;
        } catch (InterruptedException e) {
            worker.shutdownNow();
            return true;
        }
    }

    /** The bound addresses as a user would type them, like {@code [0:0:0:0:0:0:0:0]:80}. */
    @Override
    public String toString() {
        return addresses.stream()
                .map(address -> address.getAddress() instanceof Inet6Address
                        ? "[" + address.getAddress().getHostAddress() + "]:" + address.getPort()
                        : address.getAddress().getHostAddress() + ":" + address.getPort())
                .collect(Collectors.joining(", "));
    }
}
