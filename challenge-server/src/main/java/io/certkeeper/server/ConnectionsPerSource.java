package io.certkeeper.server;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.channels.AcceptingChannel;

/**
 * The listener that accepts the responder's connections and keeps one source from taking them
 * all: once the server is crowded, a source that already holds {@code perSource} open connections
 * has each new one closed at once, before anything is read from it. Every other connection goes
 * on to Undertow's HTTP listener. Undertow has no such limit of its own.
 *
 * <p>The server is crowded once {@code crowded} connections are open. Below that, any source may
 * open more than {@code perSource}: a connection counts until it is closed, and one that was
 * answered stays open until the client closes its end (Undertow waits up to 10 seconds for
 * that), so a single busy client with nothing to hide, such as a CA validating a hundred names
 * from one address, a test CA on loopback or a benchmark, can count many more connections than
 * it holds at any moment. Sources are refused only when the room is needed.
 *
 * <p>A source is one IPv4 address, or one IPv6 /64: a single IPv6 host usually has a whole /64
 * to take addresses from, so counting by address would put no bound on it. (The JDK hands an
 * IPv4 client of a dual-stack socket over as an {@code Inet4Address}.)
 *
 * <p>Thread-safe: accepts and closes may run on any of the worker's I/O threads, so the counts
 * are kept in a concurrent map, and a source's entry goes away with its last connection.
 */
final class ConnectionsPerSource implements ChannelListener<AcceptingChannel<StreamConnection>> {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsPerSource.class);

    private final int perSource;
    private final int crowded;
    private final ChannelListener<? super StreamConnection> next;
    private final ConcurrentMap<Source, Integer> bySource = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();

    /**
     * Creates the listener.
     *
     * @param perSource the most connections one source may hold while the server is crowded; at least 1
     * @param crowded from how many open connections on the server is crowded; at least 1
     * @param next what opens an accepted connection: Undertow's {@code HttpOpenListener}
     */
    ConnectionsPerSource(int perSource, int crowded, ChannelListener<? super StreamConnection> next) {
        if (perSource < 1 || crowded < 1) {
            throw new IllegalArgumentException("at least 1 connection per source and 1 for crowded, not " + perSource + " and " + crowded);
        }
        this.perSource = perSource;
        this.crowded = crowded;
        this.next = next;
    }

    /**
     * When a server with this connection limit counts as crowded: once a quarter of its
     * connections are open, which leaves three quarters to be shared by sources that hold no
     * more than their share.
     *
     * @param maxConnections the server's limit of open connections
     * @return the number of open connections from which it is crowded
     */
    static int crowdedAt(int maxConnections) {
        return Math.max(1, maxConnections / 4);
    }

    /** Takes one connection: XNIO calls this once for each connection it has accepted. */
    @Override
    public void handleEvent(AcceptingChannel<StreamConnection> channel) {
        StreamConnection connection;
        try {
            connection = channel.accept();
        } catch (IOException e) {
            LOG.debug("Accepting a connection failed: {}", e.toString());
            return;
        }
        if (connection == null) {
            return;
        }
        InetSocketAddress peer = connection.getPeerAddress(InetSocketAddress.class);
        if (peer == null || peer.getAddress() == null) {
            IoUtils.safeClose(connection);
            return;
        }
        Source source = Source.of(peer.getAddress());
        if (!admit(source)) {
            LOG.debug("Closed a new connection from {}: {} connections are open, and its {} holds {} or more",
                    peer.getAddress().getHostAddress(), open.get(), source, perSource);
            IoUtils.safeClose(connection);
            return;
        }
        // Set before Undertow sets its own: XNIO keeps both and calls both when the connection
        // closes, or calls this one at once if the connection already has.
        connection.setCloseListener(closed -> release(source));
        ChannelListeners.invokeChannelListener(connection, next);
    }

    private boolean admit(Source source) {
        int held = bySource.merge(source, 1, Integer::sum);
        if (held > perSource && open.get() >= crowded) {
            forget(source);
            return false;
        }
        open.incrementAndGet();
        return true;
    }

    private void release(Source source) {
        open.decrementAndGet();
        forget(source);
    }

    private void forget(Source source) {
        bySource.computeIfPresent(source, (key, count) -> count > 1 ? count - 1 : null);
    }

    /**
     * Where connections come from, for counting: an IPv4 address, or the first 64 bits of an IPv6 one.
     *
     * @param version 4 or 6
     * @param bits the IPv4 address, or the IPv6 /64 prefix
     */
    record Source(int version, long bits) {

        /**
         * The source an address belongs to.
         *
         * @param address a peer's address
         * @return its IPv4 address, or its IPv6 /64
         */
        static Source of(InetAddress address) {
            ByteBuffer bytes = ByteBuffer.wrap(address.getAddress());
            return address instanceof Inet4Address
                    ? new Source(4, Integer.toUnsignedLong(bytes.getInt()))
                    : new Source(6, bytes.getLong());
        }

        /** As a user would read it: {@code address 192.0.2.1} or {@code network 2001:db8:0:1::/64}. */
        @Override
        public String toString() {
            if (version == 4) {
                return "address " + (bits >>> 24) + "." + (bits >>> 16 & 0xff) + "." + (bits >>> 8 & 0xff) + "." + (bits & 0xff);
            }
            return String.format("network %x:%x:%x:%x::/64",
                    bits >>> 48, bits >>> 32 & 0xffff, bits >>> 16 & 0xffff, bits & 0xffff);
        }
    }
}
