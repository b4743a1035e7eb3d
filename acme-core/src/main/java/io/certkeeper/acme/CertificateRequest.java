package io.certkeeper.acme;

import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.store.Lineage;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * One certificate to obtain: the lineage it is stored under, its names and its key type.
 *
 * @param name the lineage name, which becomes the directory under {@code live/}; certbot's
 *        {@code --cert-name}, by default the first domain
 * @param domains 1 to 100 distinct names; the first is the certificate's subject
 * @param keySpec the kind of key to generate for the certificate
 */
public record CertificateRequest(String name, List<DomainName> domains, KeySpec keySpec) {

    /** The most names one order may carry (Let's Encrypt's limit). */
    public static final int MAX_DOMAINS = 100;

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if there are no names, more than {@value #MAX_DOMAINS},
     *         duplicates, or the lineage name cannot be a directory name
     */
    public CertificateRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySpec, "keySpec");
        domains = List.copyOf(domains);
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("no domain names given; pass at least one with -d");
        }
        if (domains.size() > MAX_DOMAINS) {
            throw new IllegalArgumentException(domains.size() + " domain names given; one certificate can hold at most " + MAX_DOMAINS);
        }
        if (new LinkedHashSet<>(domains).size() != domains.size()) {
            throw new IllegalArgumentException("a domain name is given twice: " + domains);
        }
        if (!Lineage.isValidName(name)) {
            throw new IllegalArgumentException("'" + name + "' cannot be a certificate name; use letters, digits, '.', '_' and '-'");
        }
    }

    /**
     * A request named after its first domain, as certbot does without {@code --cert-name}.
     *
     * @param domains the names
     * @param keySpec the key type
     * @return the request
     */
    public static CertificateRequest forDomains(List<DomainName> domains, KeySpec keySpec) {
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("no domain names given; pass at least one with -d");
        }
        return new CertificateRequest(domains.get(0).value(), domains, keySpec);
    }

}
