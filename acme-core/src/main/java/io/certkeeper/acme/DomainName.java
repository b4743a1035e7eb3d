package io.certkeeper.acme;

import java.lang.Character.UnicodeScript;
import java.net.IDN;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A name a certificate can be issued for with HTTP-01: a DNS name, or an IP address
 * (RFC 8738). The type keeps the name certbot's {@code -d/--domains} gives both; {@link #isIpAddress()}
 * tells them apart, and the issuer sends each as an identifier of its type.
 *
 * <p>A value written like an IP address (digits and dots only, or hex digits and dots with a
 * colon) is an IP address
 * and must be a valid one: IPv4 in dotted decimal without leading zeros, IPv6 without a zone id. It
 * is kept in the form RFC 8738 §3 asks for, an IPv6 address as RFC 5952 writes it
 * ({@code 0:0::1} becomes {@code ::1}), so that the form typed, the form the CA sends back and the
 * form a responder sees in {@code Host} all compare equal.
 *
 * <p>A DNS name is normalised to lower-case ASCII (internationalised names are converted to their
 * {@code xn--} form, a trailing dot is dropped) and checked against the hostname rules of RFC 1123:
 * at least two labels, each 1 to 63 letters, digits or hyphens, not starting or ending with a
 * hyphen, 253 characters in all. Wildcards are refused: HTTP-01 cannot prove them.
 *
 * <p>An internationalised label must be written in one script, or in one of the combinations
 * that Unicode's "highly restrictive" profile allows (Latin with Han, Hiragana and Katakana; Latin
 * with Han and Bopomofo; Latin with Han and Hangul; UTS #39, section 5.2). A label that mixes, say,
 * Latin and Cyrillic ({@code pаypal.com} with a Cyrillic {@code а}) is valid IDNA, but hardly
 * ever anything but a name made to look like another, so it is refused, also when given in its
 * {@code xn--} form. A name written wholly in another script that looks like a Latin one passes:
 * telling that apart needs Unicode's confusables data.
 *
 * <p>Error messages quote the name as given, with control and formatting characters (such as a
 * line break or a right-to-left override) escaped as <code>&#92;uXXXX</code> and a very long name
 * shortened, so that a message stays one readable line.
 *
 * @param value the normalised name, for example {@code www.example.com}, {@code 192.0.2.10} or {@code 2001:db8::1}
 */
public record DomainName(String value) implements Comparable<DomainName> {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final int MAX_LABEL = 63;
    /** The prefix of an internationalised label in its ASCII form (RFC 5890). */
    private static final String ACE_PREFIX = "xn--";
    private static final int MAX_QUOTED = 80;

    /** The combinations of several scripts a label may use (UTS #39, "highly restrictive"). */
    private static final List<Set<UnicodeScript>> SCRIPT_COMBINATIONS = List.of(
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA),
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.BOPOMOFO),
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HANGUL));

    /**
     * Normalises and validates the name.
     *
     * @param value the normalised name, for example {@code www.example.com}, {@code 192.0.2.10} or {@code 2001:db8::1}
     * @throws IllegalArgumentException if the name is not a valid hostname or IP address, with a
     *         message that says which rule it breaks
     */
    public DomainName {
        Objects.requireNonNull(value, "value");
        value = normalise(value);
    }

    /**
     * Parses a name as a user typed it.
     *
     * @param name the name
     * @return the validated name
     * @throws IllegalArgumentException if it is not a valid hostname or IP address
     */
    public static DomainName of(String name) {
        return new DomainName(name);
    }

    /**
     * The name for an IP address, as a certificate's {@code iPAddress} entry holds it.
     *
     * @param address the address; no name resolution happens
     * @return the name, in canonical form
     * @throws IllegalArgumentException if the address has a scope (zone) id
     */
    public static DomainName of(InetAddress address) {
        return new DomainName(address.getHostAddress());
    }

    /**
     * Whether this is an IP address (RFC 8738) rather than a DNS name.
     *
     * @return {@code true} for an IP address
     */
    public boolean isIpAddress() {
        return IpLiteral.isIpAddress(value);
    }

    private static String normalise(String raw) {
        String name = raw.strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty domain name");
        }
        if (name.indexOf('*') >= 0) {
            throw new IllegalArgumentException(quote(raw) + " is a wildcard; HTTP-01 cannot validate wildcards (they need DNS-01)");
        }
        Optional<String> address = IpLiteral.parse(name, quote(raw));
        if (address.isPresent()) {
            return address.get();
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        for (String label : name.split("\\.", -1)) {
            if (label.length() > MAX_LABEL) {
                throw invalid(raw, "the label " + quote(label) + " has " + label.length() + " characters, more than "
                        + MAX_LABEL);
            }
        }
        String ascii = plainAscii(name);
        if (ascii == null) {
            try {
                ascii = IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw invalid(raw, "it contains characters a hostname cannot have");
            }
        }
        if (ascii.length() > 253) {
            throw invalid(raw, "it is longer than 253 characters");
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            throw invalid(raw, "a certificate name needs at least two labels, like example.com");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw invalid(raw, "each label must be 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen");
            }
            if (label.startsWith(ACE_PREFIX)) {
                // Only an internationalised label can mix scripts: ASCII letters are all Latin.
                requireOneScript(raw, label);
            }
        }
        return ascii;
    }

    /**
     * The name in lower case if it is a plain ASCII host name already (letters, digits, hyphens,
     * no internationalised label), which IDNA would return unchanged; else {@code null}. Most
     * names are, and they need not load the JDK's IDNA tables.
     */
    private static String plainAscii(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String label : lower.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches() || label.startsWith(ACE_PREFIX)) {
                return null;
            }
        }
        return lower;
    }

    private static void requireOneScript(String raw, String asciiLabel) {
        String label = IDN.toUnicode(asciiLabel);
        Set<UnicodeScript> scripts = EnumSet.noneOf(UnicodeScript.class);
        label.codePoints().mapToObj(UnicodeScript::of)
                .filter(script -> script != UnicodeScript.COMMON && script != UnicodeScript.INHERITED)
                .forEach(scripts::add);
        if (scripts.size() > 1 && SCRIPT_COMBINATIONS.stream().noneMatch(allowed -> allowed.containsAll(scripts))) {
            throw invalid(raw, "the label " + quote(label) + " (" + asciiLabel + ") mixes the scripts " + scriptNames(scripts)
                    + ", as names made to look like other names do; write each label in one script");
        }
    }

    private static String scriptNames(Set<UnicodeScript> scripts) {
        List<String> names = new ArrayList<>();
        for (UnicodeScript script : scripts) {
            String name = script.name().toLowerCase(Locale.ROOT);
            names.add(Character.toUpperCase(name.charAt(0)) + name.substring(1));
        }
        return String.join(" and ", names);
    }

    private static IllegalArgumentException invalid(String raw, String why) {
        return new IllegalArgumentException(quote(raw) + " is not a valid domain name: " + why);
    }

    /**
     * The name as given, in quotes, fit for a one-line message: control and formatting characters
     * escaped, and shortened if very long.
     */
    private static String quote(String raw) {
        StringBuilder quoted = new StringBuilder("'");
        int shown = 0;
        for (int i = 0; i < raw.length(); i = raw.offsetByCodePoints(i, 1)) {
            if (shown++ == MAX_QUOTED) {
                quoted.append("…");
                break;
            }
            int c = raw.codePointAt(i);
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                quoted.append(String.format(Locale.ROOT, "\\u%04X", c));
            } else {
                quoted.appendCodePoint(c);
            }
        }
        return quoted.append('\'').toString();
    }

    @Override
    public int compareTo(DomainName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
