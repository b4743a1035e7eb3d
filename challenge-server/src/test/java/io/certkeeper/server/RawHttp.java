package io.certkeeper.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends hand-written HTTP requests over a plain socket, because the JDK's HttpClient will not send
 * a chosen {@code Host} header, a missing one, or a path it considers malformed.
 */
final class RawHttp {

    private static final int TIMEOUT_MILLIS = 5_000;

    private RawHttp() {
    }

    /** A {@code GET} with the given {@code Host} that asks the server to close the connection. */
    static HttpReply get(InetAddress address, int port, String path, String host) throws IOException {
        return send(address, port, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    }

    /**
     * Sends the request bytes as they are and reads the response until the server closes the
     * connection, so the request should say {@code Connection: close} or be HTTP/1.0.
     */
    static HttpReply send(InetAddress address, int port, String request) throws IOException {
        return sendFrom(null, address, port, request);
    }

    /**
     * Like {@link #send}, from a chosen local address, such as {@code 127.0.0.3}, so that the
     * server sees another source than the other clients of a test.
     *
     * @param from the local address to bind, or null for the one the system picks
     */
    static HttpReply sendFrom(InetAddress from, InetAddress address, int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(address, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return parse(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
        }
    }

    private static HttpReply parse(String raw) throws IOException {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete response head in: " + raw);
        }
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        return new HttpReply(status, Map.copyOf(headers), raw.substring(end + 4));
    }
}
