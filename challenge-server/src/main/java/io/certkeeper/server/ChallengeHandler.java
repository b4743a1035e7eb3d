package io.certkeeper.server;

import io.certkeeper.acme.challenge.ChallengeResponses;
import io.certkeeper.acme.challenge.Http01Token;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.ResponseCodeHandler;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the CA's HTTP-01 requests, {@code GET|HEAD /.well-known/acme-challenge/{token}}, with the
 * key authorization published for the request's host (RFC 8555 §8.3).
 *
 * <p>A request is answered {@code 200 text/plain} only when its token is well-formed and present
 * for the host named in its {@code Host} header; everything else under the challenge path gets
 * {@code 404} (an unknown, malformed or traversing token; a wrong, missing or repeated
 * {@code Host}), except other methods, which get {@code 405} with {@code Allow: GET, HEAD}.
 * Requests outside the challenge path go to the {@code next} handler. A lookup that throws is a
 * fault of the store, not of the request: it is logged and answered {@code 500}.
 *
 * <p>Every answer it gives itself ends with {@code Connection: close}: the CA's validators send
 * one request per connection, and nothing else has a reason to ask under the challenge path.
 * Requests it passes to {@code next} are left to {@code next} and the server's own settings, so
 * that mounted in an application's server it never closes the application's connections.
 *
 * <p>The handler answers on the I/O thread, so {@link ChallengeResponses#keyAuthorization} must
 * not block: an in-memory lookup such as {@code InMemoryChallengeStore} is right; a store that does
 * I/O belongs behind Undertow's {@code BlockingHandler}.
 *
 * <p>Thread-safe and immutable, provided the {@link ChallengeResponses} is thread-safe.
 */
public final class ChallengeHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ChallengeHandler.class);
    private static final String ALLOWED_METHODS = "GET, HEAD";
    private static final String TEXT_PLAIN = "text/plain";
    private static final String NO_CONTENT_LENGTH = "0";
    private static final int MAX_LOGGED_LENGTH = 80;

    private final ChallengeResponses responses;
    private final HttpHandler next;
    private final ResponseBodies bodies = new ResponseBodies();

    /**
     * Creates a handler that answers {@code 404} outside the challenge path.
     *
     * @param responses where to look up key authorizations
     */
    public ChallengeHandler(ChallengeResponses responses) {
        this(responses, ResponseCodeHandler.HANDLE_404);
    }

    /**
     * Creates a handler that passes requests outside the challenge path on.
     *
     * @param responses where to look up key authorizations
     * @param next the handler for every path not under {@link Http01Token#PATH_PREFIX}
     */
    public ChallengeHandler(ChallengeResponses responses, HttpHandler next) {
        this.responses = Objects.requireNonNull(responses, "responses");
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRequestPath();
        if (!path.startsWith(Http01Token.PATH_PREFIX)) {
            next.handleRequest(exchange);
            return;
        }
        boolean head = Methods.HEAD.equals(exchange.getRequestMethod());
        if (!head && !Methods.GET.equals(exchange.getRequestMethod())) {
            LOG.debug("Refused challenge request: method {} not allowed", exchange.getRequestMethod());
            exchange.getResponseHeaders().put(Headers.ALLOW, ALLOWED_METHODS);
            finish(exchange, StatusCodes.METHOD_NOT_ALLOWED);
            return;
        }
        String token = path.substring(Http01Token.PATH_PREFIX.length());
        if (!Http01Token.isValidToken(token)) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("Refused challenge request: malformed token in path {}", forLog(path));
            }
            finish(exchange, StatusCodes.NOT_FOUND);
            return;
        }
        Optional<String> host = RequestHost.of(exchange);
        if (host.isEmpty()) {
            LOG.debug("Refused challenge request for token {}: missing or invalid Host", token);
            finish(exchange, StatusCodes.NOT_FOUND);
            return;
        }
        Optional<String> keyAuthorization;
        try {
            keyAuthorization = responses.keyAuthorization(host.get(), token);
        } catch (RuntimeException e) {
            LOG.error("Looking up challenge token {} for host {} failed", token, host.get(), e);
            finish(exchange, StatusCodes.INTERNAL_SERVER_ERROR);
            return;
        }
        if (keyAuthorization.isEmpty()) {
            LOG.debug("Refused challenge request for token {}: not present for host {}", token, host.get());
            finish(exchange, StatusCodes.NOT_FOUND);
            return;
        }
        LOG.debug("Served challenge token {} for host {}", token, host.get());
        answer(exchange, bodies.of(keyAuthorization.get()), head);
    }

    private static void answer(HttpServerExchange exchange, ResponseBodies.Body body, boolean head) {
        exchange.setPersistent(false);
        exchange.setStatusCode(StatusCodes.OK);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, TEXT_PLAIN);
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.contentLength());
        if (head) {
            exchange.endExchange();
        } else {
            exchange.getResponseSender().send(body.content());
        }
    }

    private static void finish(HttpServerExchange exchange, int status) {
        exchange.setPersistent(false);
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, NO_CONTENT_LENGTH);
        exchange.endExchange();
    }

    /**
     * A request path is chosen by whoever sends it and already URL-decoded: keep line breaks and
     * direction overrides, everything but printable ASCII, out of the log.
     */
    private static String forLog(String text) {
        String shown = text.length() > MAX_LOGGED_LENGTH ? text.substring(0, MAX_LOGGED_LENGTH) + "..." : text;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
