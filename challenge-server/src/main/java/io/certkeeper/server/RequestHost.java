package io.certkeeper.server;

import io.certkeeper.acme.DomainName;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the host name out of a {@code Host} header or the authority of an absolute-form request
 * target (RFC 9110 §7.2), in the form {@link io.certkeeper.acme.challenge.ChallengeResponses}
 * expects: lower-case, without port or trailing dot, an IPv6 literal without its brackets and in
 * its RFC 5952 form. For an IP identifier (RFC 8738 §7) the CA sends the address itself as
 * {@code Host}: {@code 192.0.2.10:80}, {@code [2001:db8::1]:80}.
 *
 * <p>Anything that is not a plain host name or IP literal (user info, a path, spaces, a bare IPv6
 * address, a port that is not a number) is refused: such a request cannot be the CA's.
 *
 * <p>The grammar is checked character by character rather than with regular expressions, as every
 * request to the challenge path is: a matcher would be allocated for each.
 */
final class RequestHost {

    private static final int MAX_NAME_LENGTH = 253;
    private static final int MAX_PORT_DIGITS = 5;

    private RequestHost() {
    }

    /**
     * The request's host from its single {@code Host} header; for an absolute-form target, the
     * target's host must name the same host, so that neither can smuggle in the other.
     *
     * @param exchange the request
     * @return the normalised host, or empty if there is no single valid {@code Host}, or it does
     *         not match the target's
     */
    static Optional<String> of(HttpServerExchange exchange) {
        HeaderValues values = exchange.getRequestHeaders().get(Headers.HOST);
        if (values == null || values.size() != 1) {
            return Optional.empty();
        }
        Optional<String> host = parse(values.getFirst());
        if (host.isPresent() && exchange.isHostIncludedInRequestURI()) {
            Optional<String> targetHost = parseAbsoluteTarget(exchange.getRequestURI());
            return targetHost.equals(host) ? host : Optional.empty();
        }
        return host;
    }

    /**
     * Parses a {@code Host} header value or a request target's authority.
     *
     * @param authority {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}
     * @return the normalised host, or empty if the value is not a valid authority
     */
    static Optional<String> parse(String authority) {
        String value = authority.strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            if (end < 0) {
                return Optional.empty();
            }
            return isIpv6Literal(value, 1, end) && isPortOrNothing(value, end + 1)
                    ? Optional.of(canonicalIpv6(value.substring(1, end)))
                    : Optional.empty();
        }
        int colon = value.indexOf(':');
        int nameEnd = colon < 0 ? value.length() : colon;
        if (colon >= 0 && !isPortOrNothing(value, colon)) {
            return Optional.empty();
        }
        if (nameEnd > 0 && value.charAt(nameEnd - 1) == '.') {
            nameEnd--;
        }
        return nameEnd <= MAX_NAME_LENGTH && isRegName(value, nameEnd)
                ? Optional.of(value.substring(0, nameEnd))
                : Optional.empty();
    }

    /**
     * Parses the authority of an absolute-form request target such as
     * {@code http://example.com:80/.well-known/acme-challenge/x}.
     *
     * @param target the request target as received
     * @return the normalised host, or empty if the target has no valid authority
     */
    static Optional<String> parseAbsoluteTarget(String target) {
        int schemeEnd = target.indexOf("://");
        if (schemeEnd < 0) {
            return Optional.empty();
        }
        int start = schemeEnd + 3;
        int end = start;
        while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
            end++;
        }
        String authority = target.substring(start, end);
        return authority.indexOf('@') >= 0 ? Optional.empty() : parse(authority);
    }

    /**
     * An IPv6 address can be written many ways; tokens for an IP identifier are kept under the one
     * form {@link DomainName} gives it (RFC 5952), whatever form the CA's request uses. A literal
     * no certificate can be for (an IPv4-mapped address) is left as it is: no token matches it.
     */
    private static String canonicalIpv6(String literal) {
        try {
            DomainName name = DomainName.of(literal);
            return name.isIpAddress() ? name.value() : literal;
        } catch (IllegalArgumentException e) {
            return literal;
        }
    }

    /** Dot-separated labels of {@code [a-z0-9_-]}, none empty, in {@code value}'s first {@code end} characters. */
    private static boolean isRegName(String value, int end) {
        boolean labelStart = true;
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if (c == '.') {
                if (labelStart) {
                    return false;
                }
                labelStart = true;
            } else if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
                labelStart = false;
            } else {
                return false;
            }
        }
        return !labelStart;
    }

    /**
     * {@code [0-9a-f]*:[0-9a-f:.]*} between {@code start} and {@code end}: at least one colon, and
     * dots only after the first.
     */
    private static boolean isIpv6Literal(String value, int start, int end) {
        boolean colonSeen = false;
        for (int i = start; i < end; i++) {
            char c = value.charAt(i);
            if (c == ':') {
                colonSeen = true;
            } else if (c == '.' ? !colonSeen : !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return colonSeen;
    }

    /** Nothing from {@code start} on, or a colon and at most five digits. */
    private static boolean isPortOrNothing(String value, int start) {
        int length = value.length() - start;
        if (length == 0) {
            return true;
        }
        if (value.charAt(start) != ':' || length - 1 > MAX_PORT_DIGITS) {
            return false;
        }
        for (int i = start + 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
