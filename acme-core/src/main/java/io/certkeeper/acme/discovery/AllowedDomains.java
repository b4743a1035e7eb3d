package io.certkeeper.acme.discovery;

import io.certkeeper.acme.DomainName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The names a discovery source may ask certificates for: each entry is a name, which allows
 * exactly that name (or IP address), or {@code *.} and a name of two labels or more, which allows
 * any name with exactly one more label in front, as a wildcard certificate would:
 * {@code *.example.com} allows {@code www.example.com}, but neither {@code example.com} nor
 * {@code a.b.example.com} (list {@code *.b.example.com} for those). A grant is thus never broader
 * than it reads. {@code *} alone, {@code *.com} and wildcards in other places are refused.
 *
 * <p>An empty list allows nothing, which is the default: a source that nobody limited asks for
 * nothing.
 *
 * @param entries the entries, normalised as {@link DomainName} does
 */
public record AllowedDomains(List<String> entries) {

    /** Allows no name. */
    public static final AllowedDomains NONE = new AllowedDomains(List.of());

    private static final String WILDCARD = "*.";

    /**
     * Validates and normalises the entries.
     *
     * @param entries the entries, normalised as {@link DomainName} does
     * @throws IllegalArgumentException if an entry is neither a name nor {@code *.} followed by a
     *         name of at least two labels; the message quotes the entry and says what to write
     */
    public AllowedDomains {
        List<String> normalised = new ArrayList<>();
        for (String entry : Objects.requireNonNull(entries, "entries")) {
            String item = normalise(Objects.requireNonNull(entry, "entry"));
            if (!normalised.contains(item)) {
                normalised.add(item);
            }
        }
        entries = List.copyOf(normalised);
    }

    /**
     * The entries given.
     *
     * @param entries names and {@code *.}-wildcards
     * @return the allowlist
     * @throws IllegalArgumentException if an entry is invalid
     */
    public static AllowedDomains of(String... entries) {
        return new AllowedDomains(Arrays.asList(entries));
    }

    /**
     * Whether this allows no name at all.
     *
     * @return {@code true} when there is no entry
     */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * Whether a name is allowed.
     *
     * @param name the name asked for
     * @return {@code true} if an entry is that name, or a wildcard one label above it
     */
    public boolean allows(DomainName name) {
        Objects.requireNonNull(name, "name");
        String value = name.value();
        for (String entry : entries) {
            if (entry.equals(value)) {
                return true;
            }
            if (entry.startsWith(WILDCARD) && !name.isIpAddress()) {
                String parent = entry.substring(1); // ".example.com"
                if (value.endsWith(parent)) {
                    String label = value.substring(0, value.length() - parent.length());
                    if (!label.isEmpty() && label.indexOf('.') < 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String normalise(String entry) {
        String text = entry.strip();
        if (!text.startsWith(WILDCARD)) {
            if (text.indexOf('*') >= 0) {
                throw refused(entry);
            }
            try {
                return DomainName.of(text).value();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("allowed domain '" + text + "': " + e.getMessage(), e);
            }
        }
        String base = text.substring(WILDCARD.length());
        if (base.indexOf('*') >= 0) {
            throw refused(entry);
        }
        if (base.strip().replaceFirst("\\.$", "").indexOf('.') < 0) {
            throw new IllegalArgumentException("allowed domain '" + entry.strip() + "' would allow every name under "
                    + "a top-level domain; write the domain you own, such as *.example.com");
        }
        DomainName parent;
        try {
            parent = DomainName.of(base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("allowed domain '" + entry.strip() + "': " + e.getMessage(), e);
        }
        if (parent.isIpAddress()) {
            throw refused(entry);
        }
        return WILDCARD + parent.value();
    }

    private static IllegalArgumentException refused(String entry) {
        return new IllegalArgumentException("allowed domain '" + entry.strip() + "' is not a name or *.NAME: a wildcard "
                + "stands only as the first label, such as *.example.com");
    }
}
