package io.certkeeper.server;

import io.certkeeper.acme.challenge.ChallengeResponses;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.handlers.ResponseCodeHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * Configures and starts a {@link ChallengeServer}; obtained from {@link ChallengeServer#builder}.
 *
 * <p>The limits are fixed for a responder whose only clients are a CA's validators, which send one
 * small {@code GET} each: see {@link ChallengeServer} for their values.
 *
 * <p>Not thread-safe: configure and start it from one thread.
 */
public final class ChallengeServerBuilder {

    /** The port the CA connects to for HTTP-01 (RFC 8555 §8.3). */
    public static final int DEFAULT_PORT = 80;

    private static final Logger LOG = LoggerFactory.getLogger(ChallengeServerBuilder.class);

    // One thread gives every answer: each is a map lookup, so one thread keeps up with tens of
    // thousands of requests a second, and a flood of them can take at most one core from the
    // process that also issues certificates. A second one, on two cores, only made the slowest
    // answers slower by competing with everything else for them (bench/README.md, the responder).
    private static final int IO_THREADS = 1;
    // Undertow insists on a worker pool even though every answer is given on the I/O thread.
    private static final int WORKER_THREADS = 1;
    // Undertow's own choice on a large heap, set here so that it stays the same under a small one:
    // below 128 MiB of heap (bin/certkeeper's -Xmx128m leaves a little less) Undertow would pick
    // 1 KiB, and the limits below and their tests assume 16 KiB. A buffer is taken from the pool
    // for a read or a write and returned after it.
    private static final int BUFFER_SIZE = 16 * 1024 - 20;
    // io.undertow.Undertow's own: buffers each thread keeps for itself before returning them to the pool.
    private static final int BUFFERS_PER_THREAD = 4;
    private static final int MAX_HEADER_SIZE = 8 * 1024;
    private static final int MAX_HEADERS = 64;
    // Bodies are never read (see oneRequestPerConnection), so this bounds only what a future reader could take in.
    // It must stay positive, as Undertow reads 0 or less as "no limit", and above the 16 KiB read
    // buffer, because Undertow (2.3 and 2.4 alike) prints a stack trace to System.err for a chunked body over it.
    private static final long MAX_ENTITY_SIZE = 64 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_CONNECTIONS = 1_000;
    private static final int BACKLOG = 1_000;
    // What one IPv4 address or IPv6 /64 may hold once a quarter of the connections are taken
    // (ConnectionsPerSource; LIMITS.md says why 16 and why only then).
    static final int MAX_CONNECTIONS_PER_SOURCE = 16;
    private static final int WORKER_SHUTDOWN_MILLIS = 1_000;
    private static final String THREAD_NAME = "certkeeper-challenge";

    private final ChallengeResponses responses;
    private Optional<String> address = Optional.empty();
    private int port = DEFAULT_PORT;
    private Duration timeout = TIMEOUT;
    private int maxConnections = MAX_CONNECTIONS;
    private boolean redirectHttps;
    private BindHints bindHints = BindHints.COMMAND_LINE;

    ChallengeServerBuilder(ChallengeResponses responses) {
        this.responses = Objects.requireNonNull(responses, "responses");
    }

    /**
     * Listens on one address only, instead of on every IPv4 and IPv6 interface.
     *
     * @param address an IP literal ({@code 127.0.0.1}, {@code ::1} or {@code [::1]}) or a host name
     *        of this machine, resolved when the server starts
     * @return this builder
     * @throws IllegalArgumentException if the address is blank
     */
    public ChallengeServerBuilder address(String address) {
        Objects.requireNonNull(address, "address");
        String bare = address.strip();
        if (bare.startsWith("[") && bare.endsWith("]")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        if (bare.isEmpty()) {
            throw new IllegalArgumentException("the responder's address is blank; leave it out to listen on all interfaces");
        }
        this.address = Optional.of(bare);
        return this;
    }

    /**
     * The TCP port to listen on; {@link #DEFAULT_PORT} unless set.
     *
     * @param port 1 to 65535, or 0 for a port the operating system picks (read it back with
     *        {@link ChallengeServer#port()})
     * @return this builder
     * @throws IllegalArgumentException if the port is out of range
     */
    public ChallengeServerBuilder port(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0 to 65535");
        }
        this.port = port;
        return this;
    }

    /**
     * Whether every request that is not for the challenge path is redirected to https, for a
     * responder that owns port 80 for good rather than for one order: {@code 301} for {@code GET}
     * and {@code HEAD}, {@code 308} for other methods, to {@code https://<host>/<path>[?query]},
     * the host taken from the {@code Host} header without its port, the path and query
     * re-encoded so that the redirect cannot lead to another host. A request without a single
     * valid {@code Host} gets {@code 400} instead. Everything under
     * {@code /.well-known/acme-challenge/} is answered as without the option, never redirected.
     * Off by default: such requests get {@code 404}.
     *
     * @param redirect whether to redirect
     * @return this builder
     */
    public ChallengeServerBuilder redirectHttps(boolean redirect) {
        this.redirectHttps = redirect;
        return this;
    }

    /**
     * How {@link #start}'s failure message names the ways around a port it cannot bind (default:
     * {@link BindHints#COMMAND_LINE}, certkeeper's options for one certificate).
     *
     * @param hints the program's own words for them
     * @return this builder
     */
    public ChallengeServerBuilder bindHints(BindHints hints) {
        this.bindHints = Objects.requireNonNull(hints, "hints");
        return this;
    }

    /**
     * Replaces the 10 seconds a client has to send a request, to take an answer, and to make any
     * progress at all, so that tests of slow clients stay fast. (The 10 seconds Undertow waits for
     * a client to close its end after an answer stay: they are Undertow's, for the whole JVM.)
     *
     * @param timeout at least 1 millisecond and at most {@link Integer#MAX_VALUE} milliseconds
     * @return this builder
     * @throws IllegalArgumentException if the timeout is out of that range
     */
    ChallengeServerBuilder timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("timeout " + timeout + " is out of range 1 ms to " + Integer.MAX_VALUE + " ms");
        }
        this.timeout = timeout;
        return this;
    }

    /**
     * Replaces the limit of 1,000 open connections, so that a test can reach it.
     *
     * @param maxConnections at least the number of I/O threads, 1, because Undertow splits the
     *        limit evenly among them
     * @return this builder
     * @throws IllegalArgumentException if the limit is below that
     */
    ChallengeServerBuilder maxConnections(int maxConnections) {
        if (maxConnections < IO_THREADS) {
            throw new IllegalArgumentException("at least " + IO_THREADS + " connections, one per I/O thread, not " + maxConnections);
        }
        this.maxConnections = maxConnections;
        return this;
    }

    /**
     * Starts listening.
     *
     * <p>Without an address, the server listens on the IPv6 wildcard, which the JDK opens as a
     * dual-stack socket that also accepts IPv4; where the machine has no IPv6, it falls back to the
     * IPv4 wildcard.
     *
     * @return the running server; close it when the challenges are done
     * @throws ResponderBindException if the address cannot be resolved or the port cannot be bound;
     *         nothing is left listening and no thread is left running
     */
    public ChallengeServer start() throws ResponderBindException {
        if (address.isPresent()) {
            String name = address.get();
            String where = (name.indexOf(':') >= 0 ? "[" + name + "]" : name) + ":" + port;
            try {
                return bind(InetAddress.getByName(name), where);
            } catch (UnknownHostException e) {
                throw BindFailures.describe(where, InetSocketAddress.createUnresolved(name, port), e, bindHints);
            }
        }
        String everywhere = "port " + port + " on all interfaces";
        try {
            return bind(wildcard(16), everywhere);
        } catch (ResponderBindException e) {
            LOG.info("Listening on IPv4 only, as IPv6 failed: {}", e.getCause().getMessage());
            return bind(wildcard(4), everywhere);
        }
    }

    private ChallengeServer bind(InetAddress ip, String where) throws ResponderBindException {
        HttpHandler elsewhere = redirectHttps ? new HttpsRedirectHandler() : ResponseCodeHandler.HANDLE_404;
        GracefulShutdownHandler requests = new GracefulShutdownHandler(oneRequestPerConnection(new ChallengeHandler(responses, elsewhere)));
        HttpOpenListener http = new HttpOpenListener(new DefaultByteBufferPool(true, BUFFER_SIZE, -1, BUFFERS_PER_THREAD), requestOptions());
        http.setRootHandler(requests);
        ConnectionsPerSource accept = new ConnectionsPerSource(MAX_CONNECTIONS_PER_SOURCE, ConnectionsPerSource.crowdedAt(maxConnections), http);
        InetSocketAddress address = new InetSocketAddress(ip, port);
        XnioWorker worker = null;
        AcceptingChannel<StreamConnection> channel = null;
        try {
            worker = Xnio.getInstance(ChallengeServerBuilder.class.getClassLoader()).createWorker(workerOptions());
            channel = worker.createStreamConnectionServer(address, accept, socketOptions());
            channel.resumeAccepts();
        } catch (IOException | RuntimeException e) {
            ResponderBindException failure = BindFailures.describe(where, address, e, bindHints);
            IoUtils.safeClose(channel);
            if (worker != null && ChallengeServer.stopWorker(worker, WORKER_SHUTDOWN_MILLIS)) {
                Thread.currentThread().interrupt();
            }
            throw failure;
        }
        return new ChallengeServer(worker, channel, http, requests, WORKER_SHUTDOWN_MILLIS);
    }

    /** The threads: one I/O thread and the worker pool Undertow insists on, as {@code io.undertow.Undertow} sets them up. */
    private static OptionMap workerOptions() {
        return OptionMap.builder()
                .set(Options.WORKER_NAME, THREAD_NAME)
                .set(Options.WORKER_IO_THREADS, IO_THREADS)
                .set(Options.WORKER_TASK_CORE_THREADS, WORKER_THREADS)
                .set(Options.WORKER_TASK_MAX_THREADS, WORKER_THREADS)
                .set(Options.TCP_NODELAY, true)
                .set(Options.CORK, true)
                .getMap();
    }

    /** The listening socket and the connections it accepts; the first six are {@code io.undertow.Undertow}'s own. */
    private OptionMap socketOptions() {
        int timeoutMillis = (int) timeout.toMillis();
        return OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, IO_THREADS)
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BALANCING_TOKENS, 1)
                .set(Options.BALANCING_CONNECTIONS, 2)
                .set(Options.BACKLOG, BACKLOG)
                // The idle timeout spares a connection whose answers the client never reads; this does not.
                .set(Options.WRITE_TIMEOUT, timeoutMillis)
                // At the limit XNIO stops accepting; further clients wait in the listen backlog.
                .set(Options.CONNECTION_HIGH_WATER, maxConnections)
                .set(Options.CONNECTION_LOW_WATER, maxConnections)
                .getMap();
    }

    /** How Undertow reads requests: the head limits and the timeouts. */
    private OptionMap requestOptions() {
        int timeoutMillis = (int) timeout.toMillis();
        return OptionMap.builder()
                // io.undertow.Undertow's own: the answers to pipelined requests go out in one write.
                .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                .set(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_SIZE)
                .set(UndertowOptions.MAX_HEADERS, MAX_HEADERS)
                .set(UndertowOptions.MAX_ENTITY_SIZE, MAX_ENTITY_SIZE)
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, timeoutMillis)
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, timeoutMillis)
                .set(UndertowOptions.IDLE_TIMEOUT, timeoutMillis)
                .getMap();
    }

    /**
     * Closes every connection after its first answer. A CA's validators send one request per
     * connection, and nobody else has a reason to send this server a second one (a redirect leads
     * to another port), so a kept-alive connection would only let a client keep one of the
     * server's connections between requests for free. It also spares reading a request body: a
     * CA's request has none, and Undertow would otherwise read one to its end to keep the
     * connection, for as long as the client kept sending.
     */
    private static HttpHandler oneRequestPerConnection(HttpHandler next) {
        return exchange -> {
            exchange.setPersistent(false);
            next.handleRequest(exchange);
        };
    }

    /** The all-zero address of IPv4 (4 bytes) or IPv6 (16 bytes). */
    private static InetAddress wildcard(int length) {
        try {
            return InetAddress.getByAddress(new byte[length]);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an all-zero address of " + length + " bytes is always valid", e);
        }
    }
}
