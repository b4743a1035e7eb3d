package io.certkeeper.docker;

import io.certkeeper.acme.CertificateRequest;
import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.discovery.DiscoveredCertificate;
import io.certkeeper.acme.store.Lineage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The container labels certkeeper reads, and what one container's labels ask for.
 *
 * <pre>
 * docker run --label certkeeper.domains=a.example.com,www.a.example.com \
 *            --label certkeeper.key-type=rsa --label certkeeper.name=a ...
 * docker run --label certkeeper.reload-signal=HUP nginx
 * </pre>
 */
public final class DockerLabels {

    /** The names a container asks a certificate for, comma-separated; the first is the subject. */
    public static final String DOMAINS = "certkeeper.domains";

    /** The lineage name (the directory under {@code live/}); by default the first name. */
    public static final String NAME = "certkeeper.name";

    /** The key type, {@code ecdsa} (P-256) or {@code rsa} (2048 bits); by default the run's. */
    public static final String KEY_TYPE = "certkeeper.key-type";

    /**
     * The signal to send to this container after any certificate changed, such as {@code HUP} for
     * nginx.
     */
    public static final String RELOAD_SIGNAL = "certkeeper.reload-signal";

    /**
     * The label of the setup certkeeper replaces (a template rendered one certbot command per
     * container): names read like {@link #DOMAINS}, and added to them when both are present.
     */
    public static final String VIRTUAL_HOST = "nginx-virtual-host";

    private DockerLabels() {
    }

    /**
     * What a container's labels ask for.
     *
     * @param container the container's name, for the origin and messages
     * @param labels the container's labels
     * @return the certificate, or empty if the container asks for none
     * @throws IllegalArgumentException if a label is invalid, with a message naming the label and
     *         the problem
     */
    static Optional<DiscoveredCertificate> certificate(String container, Map<String, String> labels) {
        if (!labels.containsKey(DOMAINS) && !labels.containsKey(VIRTUAL_HOST)) {
            for (String label : List.of(NAME, KEY_TYPE)) {
                if (labels.containsKey(label)) {
                    throw new IllegalArgumentException("label " + label + " without " + DOMAINS
                            + ": say which names the certificate is for");
                }
            }
            return Optional.empty();
        }
        Set<DomainName> domains = new LinkedHashSet<>();
        for (String label : List.of(DOMAINS, VIRTUAL_HOST)) {
            domains.addAll(domains(label, labels.get(label)));
        }
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("label " + (labels.containsKey(DOMAINS) ? DOMAINS : VIRTUAL_HOST)
                    + " names no domain");
        }
        if (domains.size() > CertificateRequest.MAX_DOMAINS) {
            throw new IllegalArgumentException("the labels name " + domains.size() + " domains, more than the "
                    + CertificateRequest.MAX_DOMAINS + " one certificate can have");
        }
        List<DomainName> ordered = List.copyOf(domains);
        return Optional.of(new DiscoveredCertificate(name(labels.get(NAME), ordered.get(0)), ordered,
                keySpec(labels.get(KEY_TYPE)), "container " + container));
    }

    private static List<DomainName> domains(String label, String value) {
        List<DomainName> domains = new ArrayList<>();
        if (value == null) {
            return domains;
        }
        for (String item : value.split(",", -1)) {
            if (item.isBlank()) {
                continue;
            }
            try {
                domains.add(DomainName.of(item));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("label " + label + ": " + e.getMessage(), e);
            }
        }
        return domains;
    }

    private static String name(String value, DomainName first) {
        if (value == null || value.isBlank()) {
            return CertificateRequest.defaultName(first);
        }
        String name = value.strip();
        if (!Lineage.isValidName(name)) {
            throw new IllegalArgumentException("label " + NAME + ": '" + name + "' is not a valid certificate name: use "
                    + "1 to 255 letters, digits, dots, hyphens or underscores, starting with a letter or digit and "
                    + "without '..'");
        }
        return name;
    }

    private static Optional<KeySpec> keySpec(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(KeySpec.of(value.strip(), "secp256r1", 2048));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("label " + KEY_TYPE + ": " + e.getMessage(), e);
        }
    }
}
