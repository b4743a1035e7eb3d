package io.certkeeper.acme;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises IP address literals and writes them in the one textual form RFC 8738 §3 asks for in an
 * ACME identifier: dotted decimal for IPv4 (RFC 1123 §2.1), RFC 5952 §4 for IPv6 (lower case, no
 * leading zeros, the longest run of zero groups shortened to {@code ::}).
 *
 * <p>Strict on purpose: {@code 127.1}, {@code 0x7f.0.0.1} and octets with leading zeros, which
 * some resolvers read as other addresses, are refused rather than guessed at, and so are IPv6 zone
 * ids and IPv4-mapped IPv6 addresses.
 */
final class IpLiteral {

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern LOOKS_LIKE_IPV4 = Pattern.compile("[0-9.]+");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9a-f:.]+");
    private static final int IPV6_GROUPS = 8;

    private IpLiteral() {
    }

    /**
     * Whether a normalised value is an IP address literal.
     *
     * @param value a value {@link #parse} returned, or a DNS name
     * @return {@code true} for an IP address
     */
    static boolean isIpAddress(String value) {
        return value.indexOf(':') >= 0 || IPV4.matcher(value).matches();
    }

    /**
     * Reads a name as an IP address if it is written like one: digits and dots only, or hex
     * digits, dots and at least one colon. No name resolution happens.
     *
     * @param name the stripped name as typed
     * @param quoted the name as error messages show it
     * @return the address in its canonical form, or empty if the name is not written like an address
     * @throws IllegalArgumentException if it is written like an address but is not a valid one
     */
    static Optional<String> parse(String name, String quoted) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (LOOKS_LIKE_IPV4.matcher(lower).matches()) {
            if (!IPV4.matcher(lower).matches()) {
                throw new IllegalArgumentException(quoted + " is not a valid IPv4 address: write four decimal numbers "
                        + "from 0 to 255 without leading zeros, like 192.0.2.10");
            }
            return Optional.of(lower);
        }
        if (lower.indexOf(':') < 0) {
            return Optional.empty();
        }
        int zone = lower.indexOf('%');
        if (zone > 0 && IPV6_CHARACTERS.matcher(lower.substring(0, zone)).matches()) {
            throw new IllegalArgumentException(quoted + " is not an IPv6 address a certificate can hold: "
                    + "leave out the zone id (" + lower.substring(zone) + ")");
        }
        if (!IPV6_CHARACTERS.matcher(lower).matches()) {
            return Optional.empty(); // such as a name with a port; the DNS name rules say what is wrong
        }
        InetAddress address;
        try {
            // A literal with a colon is parsed, never looked up.
            address = InetAddress.getByName(lower);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(quoted + " is not a valid IPv6 address");
        }
        if (address instanceof Inet4Address ipv4) {
            throw new IllegalArgumentException(quoted + " is an IPv4-mapped IPv6 address; write it as "
                    + ipv4.getHostAddress());
        }
        return Optional.of(ipv6(address.getAddress()));
    }

    /**
     * The RFC 5952 §4 text of a 16-byte address.
     *
     * @param bytes the address in network order
     * @return for example {@code 2001:db8::1}
     */
    static String ipv6(byte[] bytes) {
        int[] groups = new int[IPV6_GROUPS];
        for (int i = 0; i < IPV6_GROUPS; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not shortened (§4.2.2)
        for (int i = 0; i < IPV6_GROUPS;) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < IPV6_GROUPS && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) { // the first of equally long runs wins (§4.2.3)
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < IPV6_GROUPS; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
