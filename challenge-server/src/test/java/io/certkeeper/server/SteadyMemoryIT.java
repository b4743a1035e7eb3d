package io.certkeeper.server;

import static io.certkeeper.server.TestTokens.EXAMPLE_COM;
import static io.certkeeper.server.TestTokens.WWW_EXAMPLE_ORG;
import static io.certkeeper.server.TestTokens.path;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * 100,000 requests, answered and refused, pipelined on a few kept-alive connections in parallel:
 * afterwards the heap after garbage collection, the direct buffers Undertow pools, and the number
 * of threads are where they were after a warm-up.
 */
class SteadyMemoryIT {

    private static final int REQUESTS = 100_000;
    private static final int WARM_UP = 10_000;
    private static final int CONNECTIONS = 4;
    private static final int PIPELINED = 50;
    /** Every this many batches, one ends with a malformed request, which costs the connection. */
    private static final int BATCHES_PER_CONNECTION = 10;
    private static final long TIME_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Enough to prove the point on a slow or busy CI machine; this one does all of them in a few seconds. */
    private static final int AT_LEAST = 20_000;
    private static final long MIB = 1024 * 1024;
    private static final long HEAP_GROWTH_BOUND = 16 * MIB;
    private static final long DIRECT_GROWTH_BOUND = 16 * MIB;

    @Test
    void heapBuffersAndThreadsStayFlat() throws Exception {
        Assumptions.assumeFalse(ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+DisableExplicitGC"),
                "the heap cannot be measured after collection when System.gc() does nothing");
        try (WatchedServer server = WatchedServer.start()) {
            long deadline = System.nanoTime() + TIME_LIMIT_NANOS;
            send(server.port(), WARM_UP, deadline);
            Usage before = Usage.now();

            int sent = send(server.port(), REQUESTS, deadline);
            Usage after = Usage.now();

            System.out.printf("SteadyMemoryIT: %,d requests; before %s; after %s%n", sent, before, after);
            assertThat(sent).as("requests sent within %d s", TimeUnit.NANOSECONDS.toSeconds(TIME_LIMIT_NANOS)).isGreaterThanOrEqualTo(AT_LEAST);
            assertThat(after.heap() - before.heap()).as("heap growth in bytes").isLessThan(HEAP_GROWTH_BOUND);
            assertThat(after.direct() - before.direct()).as("direct buffer growth in bytes").isLessThan(DIRECT_GROWTH_BOUND);
            assertThat(after.serverThreads()).as("the server's threads").isEqualTo(before.serverThreads());
            assertThat(after.threads()).as("all live threads").isLessThanOrEqualTo(before.threads() + 2);
            server.assertHealthy();
        }
    }

    /** Sends about that many requests over {@link #CONNECTIONS} connections at once, until done or past the deadline. */
    private static int send(int port, int requests, long deadline) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<Integer>> counts = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                counts.add(clients.submit(() -> sendFromOneClient(port, requests / CONNECTIONS, deadline)));
            }
            int sent = 0;
            for (Future<Integer> count : counts) {
                sent += count.get();
            }
            return sent;
        } finally {
            clients.shutdownNow();
            assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).as("clients stopped").isTrue();
        }
    }

    private static int sendFromOneClient(int port, int requests, long deadline) throws IOException {
        int sent = 0;
        while (sent < requests && System.nanoTime() < deadline) {
            try (KeepAliveConnection connection = new KeepAliveConnection(port)) {
                for (int batch = 1; batch <= BATCHES_PER_CONNECTION && sent < requests && System.nanoTime() < deadline; batch++) {
                    boolean last = batch == BATCHES_PER_CONNECTION;
                    sent += exchangeBatch(connection, sent, last);
                }
            }
        }
        return sent;
    }

    /**
     * One write of {@link #PIPELINED} requests with every answer checked; then, on the last batch
     * of a connection, a malformed request on its own, as Undertow drops the answers to requests
     * pipelined before one.
     */
    private static int exchangeBatch(KeepAliveConnection connection, int first, boolean endMalformed) throws IOException {
        StringBuilder batch = new StringBuilder();
        for (int i = first; i < first + PIPELINED; i++) {
            batch.append(Kind.of(i).request(i));
        }
        connection.send(batch.toString());
        for (int i = first; i < first + PIPELINED; i++) {
            Kind kind = Kind.of(i);
            HttpReply reply = connection.read(kind == Kind.HEAD);
            assertThat(reply.status()).as("status of request %d, %s", i, kind).isEqualTo(kind.status);
            if (kind == Kind.GET) {
                assertThat(reply.body()).isEqualTo(EXAMPLE_COM.keyAuthorization());
            }
        }
        if (!endMalformed) {
            return PIPELINED;
        }
        connection.send("GET /\u0000" + first + " HTTP/1.1\r\nHost: example.com\r\n\r\n");
        assertThat(connection.read(false).status()).as("status of a malformed request").isEqualTo(400);
        return PIPELINED + 1;
    }

    /** The requests sent, in turn; the unknown ones differ every time so that no cache of them can hide a leak. */
    private enum Kind {
        GET(200), HEAD(200), UNKNOWN_TOKEN(404), WRONG_HOST(404), TRAVERSAL(404), POST(405), OTHER_PATH(404), HOST_WITH_PORT(200);

        final int status;

        Kind(int status) {
            this.status = status;
        }

        static Kind of(int i) {
            return values()[i % values().length];
        }

        String request(int i) {
            return switch (this) {
                case GET -> "GET " + path(EXAMPLE_COM) + " HTTP/1.1\r\nHost: example.com\r\n\r\n";
                case HEAD -> "HEAD " + path(WWW_EXAMPLE_ORG) + " HTTP/1.1\r\nHost: www.example.org\r\n\r\n";
                case UNKNOWN_TOKEN -> "GET /.well-known/acme-challenge/unknown" + i + " HTTP/1.1\r\nHost: example.com\r\n\r\n";
                case WRONG_HOST -> "GET " + path(EXAMPLE_COM) + " HTTP/1.1\r\nHost: host" + i + ".example.net\r\n\r\n";
                case TRAVERSAL -> "GET /.well-known/acme-challenge/..%2F" + i + " HTTP/1.1\r\nHost: example.com\r\n\r\n";
                case POST -> "POST " + path(EXAMPLE_COM) + " HTTP/1.1\r\nHost: example.com\r\nContent-Length: 0\r\n\r\n";
                case OTHER_PATH -> "GET /page" + i + "?q=" + i + " HTTP/1.1\r\nHost: example.com\r\nX-Request: " + i + "\r\n\r\n";
                case HOST_WITH_PORT -> "GET " + path(EXAMPLE_COM) + " HTTP/1.1\r\nHost: example.com:80\r\n\r\n";
            };
        }
    }

    /**
     * What the process holds: heap after garbage collection, direct buffers, threads.
     *
     * @param heap the least heap in use over a few collections, in bytes
     * @param direct direct buffer memory in use, in bytes
     * @param serverThreads live threads named like the server's
     * @param threads all live threads
     */
    private record Usage(long heap, long direct, long serverThreads, int threads) {

        static Usage now() throws InterruptedException {
            long heap = Long.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                System.gc();
                Thread.sleep(100);
                heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            }
            long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                    .filter(pool -> pool.getName().equals("direct"))
                    .mapToLong(BufferPoolMXBean::getMemoryUsed)
                    .sum();
            long serverThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().startsWith("certkeeper-challenge"))
                    .count();
            return new Usage(heap, direct, serverThreads, ManagementFactory.getThreadMXBean().getThreadCount());
        }

        @Override
        public String toString() {
            return String.format("heap %.1f MiB, direct %.1f MiB, %d server threads of %d", (double) heap / MIB, (double) direct / MIB, serverThreads, threads);
        }
    }
}
