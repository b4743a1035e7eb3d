package io.certkeeper.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One kept-alive connection over a raw socket for many requests: write any number of them, then
 * read their answers one by one.
 */
final class KeepAliveConnection implements AutoCloseable {

    private static final int MAX_LINE = 8192;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    KeepAliveConnection(int port) throws IOException {
        this(InetAddress.getLoopbackAddress(), port);
    }

    /** A connection from the given loopback address, such as {@code 127.0.0.3}, to the server on 127.0.0.1. */
    KeepAliveConnection(InetAddress from, int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port, from, 0);
        socket.setSoTimeout(RawExchange.READ_TIMEOUT_MILLIS);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream());
    }

    void send(String requests) throws IOException {
        out.write(requests.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /**
     * Reads the next answer.
     *
     * @param head whether it answers a {@code HEAD}, whose {@code Content-Length} has no body behind it
     * @return the status, headers and body
     * @throws EOFException if the server closed the connection first
     */
    HttpReply read(boolean head) throws IOException {
        String statusLine = line();
        Map<String, String> headers = new HashMap<>();
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
        }
        long length = Long.parseLong(headers.getOrDefault("content-length", "0"));
        byte[] body = head ? new byte[0] : in.readNBytes((int) length);
        if (body.length < (head ? 0 : length)) {
            throw new EOFException("connection closed in a body");
        }
        return new HttpReply(Integer.parseInt(statusLine.split(" ")[1]), headers, new String(body, StandardCharsets.ISO_8859_1));
    }

    /**
     * Whether the server closes (or resets) the connection, with nothing more sent, within
     * {@link RawExchange#READ_TIMEOUT_MILLIS}; call it after reading every answer.
     *
     * @throws IOException if the server sent more bytes instead
     */
    boolean closedByServer() throws IOException {
        int next;
        try {
            next = in.read();
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
        if (next >= 0) {
            throw new IOException("the server sent more after its answers, starting with byte " + next);
        }
        return true;
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed after: " + line.toString(StandardCharsets.ISO_8859_1));
            }
            if (line.size() > MAX_LINE) {
                throw new IOException("a line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.ISO_8859_1).replaceFirst("\r$", "");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
