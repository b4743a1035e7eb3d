package io.certkeeper.acme.discovery;

import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.crypto.KeySpec;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A certificate a {@link CertificateSource} asks for.
 *
 * @param name the lineage name (the directory under {@code live/})
 * @param domains the names, the first being the subject; at least one
 * @param keySpec the key type asked for, or empty for the run's default
 * @param origin who asked, for log lines, such as {@code container web-1}
 */
public record DiscoveredCertificate(String name, List<DomainName> domains, Optional<KeySpec> keySpec, String origin) {

    /**
     * Validates the fields and copies the list.
     *
     * @param name the lineage name (the directory under {@code live/})
     * @param domains the names, the first being the subject; at least one
     * @param keySpec the key type asked for, or empty for the run's default
     * @param origin who asked, for log lines, such as {@code container web-1}
     * @throws IllegalArgumentException if there is no domain
     */
    public DiscoveredCertificate {
        Objects.requireNonNull(name, "name");
        domains = List.copyOf(domains);
        Objects.requireNonNull(keySpec, "keySpec");
        Objects.requireNonNull(origin, "origin");
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("a discovered certificate needs at least one domain: " + name);
        }
    }
}
