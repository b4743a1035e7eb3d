package io.certkeeper.server;

import io.certkeeper.acme.DomainName;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the host name out of a {@code Host} header or the authority of an absolute-form request
 * target (RFC 9110 §7.2), in the form {@link io.certkeeper.acme.challenge.ChallengeResponses}
 * expects: lower-case, without port or trailing dot, an IPv6 literal without its brackets and in
 * its RFC 5952 form. For an IP identifier (RFC 8738 §7) the CA sends the address itself as
 * {@code Host}: {@code 192.0.2.10:80}, {@code [2001:db8::1]:80}.
 *
 * <p>Anything that is not a plain host name or IP literal (user info, a path, spaces, a bare IPv6
 * address, a port that is not a number) is refused: such a request cannot be the CA's.
 */
final class RequestHost {

    private static final Pattern REG_NAME = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-f]*:[0-9a-f:.]*");
    private static final Pattern PORT = Pattern.compile(":[0-9]{0,5}");
    private static final int MAX_NAME_LENGTH = 253;

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
            String literal = value.substring(1, end);
            return IPV6_LITERAL.matcher(literal).matches() && isPortOrNothing(value.substring(end + 1))
                    ? Optional.of(canonicalIpv6(literal))
                    : Optional.empty();
        }
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        if (colon >= 0 && !isPortOrNothing(value.substring(colon))) {
            return Optional.empty();
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.length() <= MAX_NAME_LENGTH && REG_NAME.matcher(name).matches()
                ? Optional.of(name)
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

    private static boolean isPortOrNothing(String rest) {
        return rest.isEmpty() || PORT.matcher(rest).matches();
    }
}
