package io.certkeeper.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every request it gets to the same host and path over https, as a web server's port 80
 * usually does: {@code 301} for {@code GET} and {@code HEAD}, {@code 308} for other methods, so
 * that a client repeats those with the same method and body (RFC 9110 §15.4.2, RFC 9110 §15.4.9).
 *
 * <p>The {@code Location} is built from trusted parts only: {@code https://}, the host that
 * {@link RequestHost} accepts from the {@code Host} header (without its port; an IPv6 literal in
 * brackets), then the request's path and query as received, with every character outside the
 * ones RFC 3986 §3.3 and §3.4 allow there percent-encoded. It therefore always names the
 * request's own host: a path such as {@code //evil.example} stays a path on it, and nothing can
 * end the header. A request without a usable host (missing, repeated, with user info, spaces or
 * other characters no host name has, or not matching an absolute-form target) gets {@code 400}.
 *
 * <p>Thread-safe and stateless; answers on the I/O thread.
 */
final class HttpsRedirectHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(HttpsRedirectHandler.class);

    /** RFC 3986 pchar without percent-encoded octets, plus "/": what a path may hold as it is. */
    private static final String PATH_CHARACTERS = "-._~!$&'()*+,;=:@/";
    /** RFC 3986 §3.4: a query may hold "?" too. */
    private static final String QUERY_CHARACTERS = PATH_CHARACTERS + "?";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        Optional<String> host = RequestHost.of(exchange);
        Optional<String> path = rawPath(exchange);
        if (host.isEmpty() || path.isEmpty()) {
            LOG.debug("Refused to redirect a request to https: {}", host.isEmpty() ? "missing or invalid Host" : "no path");
            exchange.setStatusCode(StatusCodes.BAD_REQUEST);
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
            exchange.endExchange();
            return;
        }
        String authority = host.get().indexOf(':') >= 0 ? "[" + host.get() + "]" : host.get();
        String query = exchange.getQueryString();
        String location = "https://" + authority + encode(path.get(), PATH_CHARACTERS)
                + (query.isEmpty() ? "" : "?" + encode(query, QUERY_CHARACTERS));
        boolean safe = Methods.GET.equals(exchange.getRequestMethod()) || Methods.HEAD.equals(exchange.getRequestMethod());
        exchange.setStatusCode(safe ? StatusCodes.MOVED_PERMANENTLY : StatusCodes.PERMANENT_REDIRECT);
        exchange.getResponseHeaders().put(Headers.LOCATION, location);
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
        exchange.endExchange();
    }

    /**
     * The path as the client sent it, before Undertow decoded it, so that what was encoded stays
     * encoded exactly once; for an absolute-form target, the part after its authority.
     */
    private static Optional<String> rawPath(HttpServerExchange exchange) {
        String target = exchange.getRequestURI();
        if (exchange.isHostIncludedInRequestURI()) {
            int authority = target.indexOf("://");
            int slash = authority < 0 ? -1 : target.indexOf('/', authority + 3);
            target = slash < 0 ? "/" : target.substring(slash);
        }
        return target.startsWith("/") ? Optional.of(target) : Optional.empty();
    }

    /**
     * Percent-encodes every octet of the UTF-8 form that is not an allowed character, and every
     * {@code %} that does not start a valid escape; escapes already there are kept.
     */
    static String encode(String text, String allowed) {
        byte[] octets = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(octets.length);
        for (int i = 0; i < octets.length; i++) {
            int octet = octets[i] & 0xff;
            boolean escape = octet == '%' && i + 2 < octets.length && isHex(octets[i + 1]) && isHex(octets[i + 2]);
            if (escape || isAlphaNumeric(octet) || octet < 0x80 && octet != '%' && allowed.indexOf(octet) >= 0) {
                out.append((char) octet);
            } else {
                out.append('%').append(HEX[octet >> 4]).append(HEX[octet & 0xf]);
            }
        }
        return out.toString();
    }

    private static boolean isAlphaNumeric(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    private static boolean isHex(byte b) {
        return b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F';
    }
}
