package io.certkeeper.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.challenge.Http01Token;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the server sent back for bytes sent on a fresh connection: the client sends them, shuts its
 * side down (so that an incomplete request ends at once instead of at the server's timeout) and
 * reads until the server closes, resets, or stays silent too long.
 *
 * @param response every byte the server sent, as ISO-8859-1
 * @param hung whether the server neither answered nor closed within {@link #READ_TIMEOUT_MILLIS}
 */
record RawExchange(String response, boolean hung) {

    static final int READ_TIMEOUT_MILLIS = 5_000;

    // Bodies are key authorizations or empty, so a status line cannot hide inside one.
    private static final Pattern PERCENT_ESCAPE = Pattern.compile("%([0-9a-fA-F]{2})");
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})[ \\r]");

    /**
     * Sends the bytes as they are to the loopback address; a server that closes while they are
     * being written is not an error, only an early answer.
     */
    static RawExchange send(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), READ_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            try {
                socket.getOutputStream().write(request);
                socket.shutdownOutput();
            } catch (IOException closedEarly) {
                // What the server sent before it closed is still worth reading.
            }
            return readUntilClosed(socket.getInputStream());
        }
    }

    static RawExchange send(int port, String request) throws IOException {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static RawExchange readUntilClosed(InputStream in) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        boolean hung = false;
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            hung = true;
        } catch (IOException reset) {
            // A reset is one way of refusing; what came before it still counts.
        }
        return new RawExchange(received.toString(StandardCharsets.ISO_8859_1), hung);
    }

    /** The status of every response, in order; empty if the server closed without answering. */
    List<Integer> statuses() {
        List<Integer> statuses = new ArrayList<>();
        Matcher matcher = STATUS_LINE.matcher(response);
        while (matcher.find()) {
            statuses.add(Integer.parseInt(matcher.group(1)));
        }
        return statuses;
    }

    /** Whether what came back is nothing or starts like an HTTP/1 response, never stray bytes. */
    boolean isNothingOrHttp() {
        return response.isEmpty() || response.startsWith("HTTP/1.");
    }

    /**
     * Asserts that the server refused: a 4xx for every response, or a close without one.
     *
     * @param request what was sent, as ISO-8859-1
     */
    void assertRefused(String request) {
        assertNoServerError(request);
        assertThat(statuses()).as("statuses for %s%nanswer: %s", Printable.of(request), this).allMatch(status -> status >= 400 && status < 500);
    }

    /**
     * Asserts what must hold for any bytes at all: the server answers or closes in time, never
     * with a 5xx, and never hands out a key authorization unless the request named its token and
     * its host, plainly or percent-encoded.
     *
     * @param request what was sent, as ISO-8859-1
     */
    void assertNoServerError(String request) {
        String shown = Printable.of(request);
        assertThat(hung).as("server hung on %s", shown).isFalse();
        assertThat(isNothingOrHttp()).as("answer to %s is not HTTP: %s", shown, this).isTrue();
        assertThat(statuses()).as("statuses for %s%nanswer: %s", shown, this).noneMatch(status -> status >= 500);
        String asked = percentDecoded(request).toLowerCase(Locale.ROOT);
        for (Http01Token token : TestTokens.ALL) {
            if (response.contains(token.keyAuthorization())) {
                assertThat(asked).as("%s got the key authorization for %s", shown, token.domain())
                        .contains(token.token().toLowerCase(Locale.ROOT), token.domain().toString());
            }
        }
    }

    private static String percentDecoded(String text) {
        return PERCENT_ESCAPE.matcher(text).replaceAll(escape -> Matcher.quoteReplacement(
                String.valueOf((char) Integer.parseInt(escape.group(1), 16))));
    }

    @Override
    public String toString() {
        return (hung ? "no answer and no close within " + READ_TIMEOUT_MILLIS + " ms after: " : "") + Printable.of(response);
    }
}
