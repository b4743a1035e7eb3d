package io.certkeeper.acme.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One certificate lineage as the store serves it: the files under {@code live/<name>/} and the
 * archive version they point to. A value, read or written by {@link CertificateStore}; the paths
 * it returns are the stable {@code live/} links to give a web server.
 *
 * <p>{@link #toString()} leaves the private key out, so a lineage can be logged.
 *
 * @param name the lineage name, also the directory name under {@code live/} and {@code archive/};
 *        see {@link #isValidName(String)}
 * @param liveDirectory {@code <store>/live/<name>}
 * @param version the archive version the links point to, 1 for the first certificate
 * @param certificates the full chain: the leaf first, then its issuers
 * @param privateKey the key of the leaf certificate
 */
public record Lineage(String name, Path liveDirectory, int version, List<X509Certificate> certificates,
        PrivateKey privateKey) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    /**
     * Validates the fields and copies the list.
     *
     * @param name the lineage name, also the directory name under {@code live/} and {@code archive/};
     *        see {@link #isValidName(String)}
     * @param liveDirectory {@code <store>/live/<name>}
     * @param version the archive version the links point to, 1 for the first certificate
     * @param certificates the full chain: the leaf first, then its issuers
     * @param privateKey the key of the leaf certificate
     * @throws IllegalArgumentException if the name is not a valid lineage name, the version is not
     *         positive or there is no certificate
     */
    public Lineage {
        requireValidName(name);
        Objects.requireNonNull(liveDirectory, "liveDirectory");
        Objects.requireNonNull(privateKey, "privateKey");
        if (version < 1) {
            throw new IllegalArgumentException("lineage version must be at least 1, not " + version);
        }
        certificates = List.copyOf(certificates);
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("a lineage needs at least its leaf certificate");
        }
    }

    /**
     * Whether a string can name a lineage: 1 to 255 letters, digits, dots, hyphens or
     * underscores, starting with a letter or digit, without {@code ..}. Such a name is safe as a
     * single directory name.
     *
     * @param name the candidate
     * @return {@code true} if it is a valid lineage name
     */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches() && !name.contains("..");
    }

    static String requireValidName(String name) {
        Objects.requireNonNull(name, "name");
        if (!isValidName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a valid certificate name: use 1 to 255 letters, "
                    + "digits, dots, hyphens or underscores, starting with a letter or digit and without '..'");
        }
        return name;
    }

    /**
     * The leaf certificate.
     *
     * @return the first certificate of the chain
     */
    public X509Certificate leaf() {
        return certificates.get(0);
    }

    /**
     * The DNS names in the leaf's subject alternative names, in certificate order.
     *
     * @return the names, possibly empty (a certificate for IP addresses only, see {@link #ipAddresses()})
     */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (List<?> san : subjectAlternativeNames()) {
            if (Integer.valueOf(DNS_NAME).equals(san.get(0)) && san.get(1) instanceof String dns) {
                names.add(dns);
            }
        }
        return List.copyOf(names);
    }

    /**
     * The IP addresses in the leaf's subject alternative names (RFC 8738), in certificate order.
     *
     * @return the addresses, possibly empty
     */
    public List<InetAddress> ipAddresses() {
        List<InetAddress> addresses = new ArrayList<>();
        for (List<?> san : subjectAlternativeNames()) {
            if (Integer.valueOf(IP_ADDRESS).equals(san.get(0)) && san.get(1) instanceof String literal) {
                try {
                    // The JDK writes the entry as a numeric literal, which is parsed, never looked up.
                    addresses.add(InetAddress.getByName(literal));
                } catch (UnknownHostException e) {
                    // not an address after all: nothing a lineage can be compared with
                }
            }
        }
        return List.copyOf(addresses);
    }

    private Collection<List<?>> subjectAlternativeNames() {
        try {
            Collection<List<?>> sans = leaf().getSubjectAlternativeNames();
            return sans == null ? List.of() : sans;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    /**
     * Whether the leaf is a placeholder that {@link CertificateStore#savePlaceholder} wrote, not a
     * certificate a CA issued: no client trusts it, and the CA knows nothing of it.
     *
     * @return {@code true} for a placeholder; see {@link PlaceholderCertificate#isPlaceholder}
     */
    public boolean placeholder() {
        return PlaceholderCertificate.isPlaceholder(leaf());
    }

    /**
     * When the leaf certificate expires.
     *
     * @return the leaf's notAfter
     */
    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /**
     * The link to the leaf certificate alone, {@code live/<name>/cert.pem}.
     *
     * @return the path
     */
    public Path certPath() {
        return liveDirectory.resolve(Kind.CERT.liveFileName());
    }

    /**
     * The link to the issuers without the leaf, {@code live/<name>/chain.pem}.
     *
     * @return the path
     */
    public Path chainPath() {
        return liveDirectory.resolve(Kind.CHAIN.liveFileName());
    }

    /**
     * The link to the leaf followed by its issuers, {@code live/<name>/fullchain.pem}: what nginx's
     * {@code ssl_certificate} wants.
     *
     * @return the path
     */
    public Path fullchainPath() {
        return liveDirectory.resolve(Kind.FULLCHAIN.liveFileName());
    }

    /**
     * The link to the private key, {@code live/<name>/privkey.pem}.
     *
     * @return the path
     */
    public Path privkeyPath() {
        return liveDirectory.resolve(Kind.PRIVKEY.liveFileName());
    }

    @Override
    public String toString() {
        return "Lineage[name=" + name + ", version=" + version + (placeholder() ? ", placeholder" : "")
                + ", names=" + names() + (ipAddresses().isEmpty() ? ""
                : ", ipAddresses=" + ipAddresses().stream().map(InetAddress::getHostAddress).toList()) + ", notAfter=" + notAfter()
                + ", liveDirectory=" + liveDirectory + "]";
    }
}
