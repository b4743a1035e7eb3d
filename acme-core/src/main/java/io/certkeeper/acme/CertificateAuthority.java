package io.certkeeper.acme;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An ACME CA to talk to: its directory and, for private CAs and test servers, the PEM bundle of
 * roots its TLS certificate chains to.
 *
 * <p>The bundle is trusted for the connection to this CA only; the JVM's default trust is never
 * changed.
 *
 * <p>A plain {@code http://} directory is used only on a loopback host (a test CA on the same
 * machine) or when the caller opted in with {@link #allowingPlaintext()}: anyone on the network
 * between certkeeper and the CA could otherwise read and change the exchange. A value with such a
 * directory can be made and stored, so that settings written earlier still read; opening a session
 * to it is what is refused ({@link #requireSecureTransport()}).
 *
 * @param directory the directory URL ({@code https://…}) or an acme4j provider URI ({@code acme://…})
 * @param caBundle PEM file of trusted roots for the ACME connection, if the CA's certificate is not
 *        publicly trusted
 * @param plaintextAllowed whether a plain {@code http://} directory on a host that is not loopback
 *        may be used; see {@link #allowingPlaintext()}
 */
public record CertificateAuthority(URI directory, Optional<Path> caBundle, boolean plaintextAllowed) {

    /** Preset names, in the order {@code --help} lists them, mapped to acme4j provider URIs. */
    private static final Map<String, URI> PRESETS = presets();

    /**
     * Validates the fields.
     *
     * @param directory the directory URL ({@code https://…}) or an acme4j provider URI ({@code acme://…})
     * @param caBundle PEM file of trusted roots for the ACME connection, if the CA's certificate is not
     *        publicly trusted
     * @param plaintextAllowed whether a plain {@code http://} directory on a host that is not loopback
     *        may be used; see {@link #allowingPlaintext()}
     */
    public CertificateAuthority {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(caBundle, "caBundle");
        String scheme = Optional.ofNullable(directory.getScheme()).orElse("").toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") && !scheme.equals("acme")) {
            throw new IllegalArgumentException("'" + directory + "' is not a CA directory URL or preset; use an https:// URL or one of: "
                    + String.join(", ", PRESETS.keySet()));
        }
    }

    /**
     * A CA reached over HTTPS, or over HTTP on a loopback host only.
     *
     * @param directory the directory URL or acme4j provider URI
     * @param caBundle PEM file of trusted roots for the ACME connection, if any
     */
    public CertificateAuthority(URI directory, Optional<Path> caBundle) {
        this(directory, caBundle, false);
    }

    /**
     * Resolves what a user typed: a preset name such as {@code letsencrypt}, or a directory URL.
     *
     * @param urlOrPreset a preset name or an {@code https://} directory URL
     * @return the CA, without a CA bundle
     * @throws IllegalArgumentException if it is neither, listing the presets
     */
    public static CertificateAuthority of(String urlOrPreset) {
        Objects.requireNonNull(urlOrPreset, "urlOrPreset");
        URI preset = PRESETS.get(urlOrPreset.toLowerCase(Locale.ROOT));
        if (preset != null) {
            return new CertificateAuthority(preset, Optional.empty());
        }
        if (!urlOrPreset.contains("://")) {
            throw new IllegalArgumentException("unknown CA preset '" + urlOrPreset + "'; use a directory URL or one of: "
                    + String.join(", ", PRESETS.keySet()));
        }
        try {
            return new CertificateAuthority(URI.create(urlOrPreset), Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + urlOrPreset + "' is not a valid URL", e);
        }
    }

    /**
     * The preset names users can pass instead of a URL.
     *
     * @return the names, in a stable order
     */
    public static java.util.Set<String> presetNames() {
        return PRESETS.keySet();
    }

    /**
     * The same CA, trusting the given PEM bundle for its TLS connection.
     *
     * @param bundle a PEM file with one or more root certificates
     * @return a new CA value
     */
    public CertificateAuthority withCaBundle(Path bundle) {
        return new CertificateAuthority(directory, Optional.of(bundle), plaintextAllowed);
    }

    /**
     * The same CA, reachable over plain HTTP on any host: the opt-in for a CA that has no HTTPS,
     * such as a private CA on a trusted network. Without it, an {@code http://} directory whose host
     * is not loopback is refused when a session is opened.
     *
     * @return a new CA value
     */
    public CertificateAuthority allowingPlaintext() {
        return new CertificateAuthority(directory, caBundle, true);
    }

    /**
     * Whether the directory is plain {@code http://} on a host that is not loopback, so that the
     * exchange with the CA could be read and changed on the network. Loopback is
     * {@code localhost}, {@code 127.0.0.0/8} and {@code ::1}, judged from the URL's text alone;
     * no name is looked up.
     *
     * @return {@code true} for such a directory, whether or not {@link #plaintextAllowed()}
     */
    public boolean plaintext() {
        return "http".equalsIgnoreCase(directory.getScheme()) && !isLoopback(directory.getHost());
    }

    /**
     * Refuses a plain-HTTP directory on a host that is not loopback unless the caller opted in.
     *
     * @throws IllegalArgumentException if {@link #plaintext()} and not {@link #plaintextAllowed()};
     *         the message names the URL and the opt-in
     */
    public void requireSecureTransport() {
        if (plaintext() && !plaintextAllowed) {
            throw new IllegalArgumentException("CA directory " + directory + " is plain HTTP to a host that is not loopback,"
                    + " so the network could read and change the exchange with the CA; use its https:// URL, or"
                    + " CertificateAuthority.allowingPlaintext() to accept plaintext");
        }
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Only IP literals are judged: a name could resolve anywhere.
        if (!bare.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") && !bare.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * A short, file-name-safe key for this CA, used to keep accounts of different CAs apart:
     * the host, plus the port when it is not the default, plus the directory path for providers
     * that serve several directories on one host.
     *
     * @return for example {@code acme-v02.api.letsencrypt.org} or {@code 127.0.0.1_14000}
     */
    public String storageKey() {
        String host = directory.getHost() == null ? "ca" : directory.getHost();
        StringBuilder key = new StringBuilder(host);
        if (directory.getPort() > 0) {
            key.append('_').append(directory.getPort());
        }
        String path = directory.getPath() == null ? "" : directory.getPath();
        if (directory.getScheme().equals("acme") && !path.isEmpty() && !path.equals("/")) {
            key.append(path.replace('/', '_'));
        }
        return key.toString().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @Override
    public String toString() {
        return directory.toString();
    }

    private static Map<String, URI> presets() {
        Map<String, URI> map = new LinkedHashMap<>();
        map.put("letsencrypt", URI.create("acme://letsencrypt.org"));
        map.put("letsencrypt-staging", URI.create("acme://letsencrypt.org/staging"));
        map.put("zerossl", URI.create("acme://zerossl.com"));
        map.put("google", URI.create("acme://pki.goog"));
        map.put("google-staging", URI.create("acme://pki.goog/staging"));
        map.put("sslcom-ecc", URI.create("acme://ssl.com/ecc"));
        map.put("sslcom-rsa", URI.create("acme://ssl.com/rsa"));
        map.put("sslcom-staging-ecc", URI.create("acme://ssl.com/staging/ecc"));
        map.put("sslcom-staging-rsa", URI.create("acme://ssl.com/staging/rsa"));
        map.put("actalis", URI.create("acme://actalis.com"));
        return java.util.Collections.unmodifiableMap(map);
    }
}
