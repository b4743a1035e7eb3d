package io.certkeeper.server;

import static io.certkeeper.server.TestTokens.EXAMPLE_COM;
import static io.certkeeper.server.TestTokens.WWW_EXAMPLE_ORG;
import static io.certkeeper.server.TestTokens.path;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * 100,000 requests, answered and refused, from a few clients in parallel, each request on a
 * connection of its own as the server closes every connection after its first answer: afterwards
 * the heap after garbage collection, the direct buffers Undertow pools, and the number of threads
 * are where they were after a warm-up.
 *
 * <p>The connections come from {@value #SOURCES} loopback addresses in turn: a connection counts
 * against its address until the server has seen the client close it, and at this rate a busy
 * machine sees hundreds of those at once, which from one address would meet the limit per source
 * (ConnectionsPerSourceIT), not a leak.
 */
class SteadyMemoryIT {

    private static final int REQUESTS = 100_000;
    private static final int WARM_UP = 10_000;
    private static final int CLIENTS = 4;
    private static final int SOURCES = 200;
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

    /** Sends about that many requests from {@link #CLIENTS} clients at once, until done or past the deadline. */
    private static int send(int port, int requests, long deadline) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Integer>> counts = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                counts.add(clients.submit(() -> sendFromOneClient(port, requests / CLIENTS, deadline)));
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
            Kind kind = Kind.of(sent);
            try (KeepAliveConnection connection = new KeepAliveConnection(source(sent), port)) {
                connection.send(kind.request(sent));
                HttpReply reply = connection.read(kind == Kind.HEAD);
                assertThat(reply.status()).as("status of request %d, %s", sent, kind).isEqualTo(kind.status);
                if (kind == Kind.GET) {
                    assertThat(reply.body()).isEqualTo(EXAMPLE_COM.keyAuthorization());
                }
            }
            sent++;
        }
        return sent;
    }

    /** The loopback address request {@code i} comes from: 127.0.3.1 to 127.0.3.200 in turn. */
    private static InetAddress source(int i) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {127, 0, 3, (byte) (1 + i % SOURCES)});
    }

    /** The requests sent, in turn; the unknown ones differ every time so that no cache of them can hide a leak. */
    private enum Kind {
        GET(200), HEAD(200), UNKNOWN_TOKEN(404), WRONG_HOST(404), TRAVERSAL(404), POST(405), OTHER_PATH(404),
        HOST_WITH_PORT(200), MALFORMED(400);

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
                case MALFORMED -> "GET /\u0000" + i + " HTTP/1.1\r\nHost: example.com\r\n\r\n";
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
