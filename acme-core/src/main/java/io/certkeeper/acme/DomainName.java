package io.certkeeper.acme;

import java.net.IDN;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A DNS name a certificate can be issued for with HTTP-01.
 *
 * <p>The value is normalised to lower-case ASCII (internationalised names are converted to their
 * {@code xn--} form, a trailing dot is dropped) and checked against the hostname rules of RFC 1123:
 * at least two labels, each 1 to 63 letters, digits or hyphens, not starting or ending with a
 * hyphen, 253 characters in all. Wildcards are refused: HTTP-01 cannot prove them.
 *
 * @param value the normalised name, for example {@code www.example.com}
 */
public record DomainName(String value) implements Comparable<DomainName> {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    /**
     * Normalises and validates the name.
     *
     * @throws IllegalArgumentException if the name is not a valid hostname, with a message that
     *         says which rule it breaks
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
     * @throws IllegalArgumentException if it is not a valid hostname
     */
    public static DomainName of(String name) {
        return new DomainName(name);
    }

    private static String normalise(String raw) {
        String name = raw.strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty domain name");
        }
        if (name.startsWith("*.")) {
            throw new IllegalArgumentException("'" + raw + "' is a wildcard; HTTP-01 cannot validate wildcards (they need DNS-01)");
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        String ascii;
        try {
            ascii = IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw invalid(raw, "it contains characters a hostname cannot have");
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
        }
        return ascii;
    }

    private static IllegalArgumentException invalid(String raw, String why) {
        return new IllegalArgumentException("'" + raw + "' is not a valid domain name: " + why);
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
