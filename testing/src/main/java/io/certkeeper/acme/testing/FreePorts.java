package io.certkeeper.acme.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds free ports on 127.0.0.1 for programs that must be told their port in advance (Pebble,
 * nginx); a server of our own binds port 0 instead and reports its real port.
 *
 * <p>There is a race: the port is free when probed, and another process can bind it before the
 * program we start does. The window is the few milliseconds until that program starts, so pick
 * a port right before starting it. Within this JVM, a port is never handed out twice, because a
 * port that was handed out but not yet bound (Pebble's {@code httpPort} before the responder
 * starts) still looks free to a probe. Thread-safe.
 */
public final class FreePorts {

    private static final InetAddress LOOPBACK = loopback();
    private static final int ATTEMPTS = 50;
    private static final int CONNECT_TIMEOUT_MILLIS = 2000;

    /*
     * The one piece of static mutable state in the fixtures: ports are a process-wide resource,
     * and two fixtures that knew nothing of each other would otherwise get the same port.
     */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /**
     * Finds a TCP port nothing listens on, on the loopback address.
     *
     * @return the port
     * @throws UncheckedIOException if no port could be found
     */
    public static int tcp() {
        return find(false);
    }

    /**
     * Finds a port free for both TCP and UDP on the loopback address, as a DNS server needs.
     *
     * @return the port
     * @throws UncheckedIOException if no port could be found
     */
    public static int tcpAndUdp() {
        return find(true);
    }

    private static int find(boolean udpToo) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            // The kernel picks the port. Linux tends to give even ports to bind() and odd ones to the
            // source port of outgoing connections, so a client connecting meanwhile rarely takes it.
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.bind(new InetSocketAddress(LOOPBACK, 0));
                int port = tcp.getLocalPort();
                if ((!udpToo || udpIsFree(port)) && HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot probe for a free port on " + LOOPBACK, e);
            }
        }
        throw new UncheckedIOException(new IOException("no free port found on " + LOOPBACK + " after "
                + ATTEMPTS + " attempts"));
    }

    private static boolean udpIsFree(int port) {
        try {
            new DatagramSocket(new InetSocketAddress(LOOPBACK, port)).close();
            return true;
        } catch (SocketException e) {
            return false;
        }
    }

    /**
     * Whether something accepts TCP connections on a loopback port.
     *
     * @param port the port on 127.0.0.1
     * @return {@code true} if a connection was accepted
     * @throws IOException if not, e.g. {@link java.net.ConnectException}
     */
    static boolean isListening(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), CONNECT_TIMEOUT_MILLIS);
            return true;
        }
    }

    /** Always the IPv4 loopback, the address Pebble and nginx are told to bind. */
    static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a literal address is always valid", e);
        }
    }
}
