package io.certkeeper.acme;

import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.store.Lineage;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One certificate to obtain: the lineage it is stored under, its names, its key type, and how to
 * order it.
 *
 * <p>The three order options are plain values, so that they can be kept with a lineage and used
 * again at its renewal. Start from {@link #forDomains} or the three-argument constructor and add
 * them with the {@code with...} methods.
 *
 * @param name the lineage name, which becomes the directory under {@code live/}; certbot's
 *        {@code --cert-name}, by default {@link #defaultName(DomainName)} of the first name
 * @param domains 1 to 100 distinct names (DNS names or IP addresses); the first is the
 *        certificate's subject
 * @param keySpec the kind of key to generate for the certificate
 * @param profile the CA's certificate profile to order (draft-aaron-acme-profiles), or empty for
 *        the CA's default; the issuer refuses a profile the CA does not list
 * @param preferredChain the issuer common name of the topmost certificate of the chain to keep,
 *        when the CA offers several chains (certbot's {@code --preferred-chain}), or empty for the
 *        CA's default chain
 * @param reuseKey whether a renewal keeps the lineage's current private key, if it is of the
 *        requested {@code keySpec}, instead of generating a new one
 */
public record CertificateRequest(String name, List<DomainName> domains, KeySpec keySpec, Optional<String> profile,
        Optional<String> preferredChain, boolean reuseKey) {

    /** The most names one order may carry (Let's Encrypt's limit). */
    public static final int MAX_DOMAINS = 100;

    private static final int MAX_OPTION_LENGTH = 255;

    /**
     * Validates the fields.
     *
     * @param name the lineage name, which becomes the directory under {@code live/}; certbot's
     *        {@code --cert-name}, by default {@link #defaultName(DomainName)} of the first name
     * @param domains 1 to 100 distinct names (DNS names or IP addresses); the first is the
     *        certificate's subject
     * @param keySpec the kind of key to generate for the certificate
     * @param profile the CA's certificate profile to order (draft-aaron-acme-profiles), or empty for
     *        the CA's default; the issuer refuses a profile the CA does not list
     * @param preferredChain the issuer common name of the topmost certificate of the chain to keep,
     *        when the CA offers several chains (certbot's {@code --preferred-chain}), or empty for the
     *        CA's default chain
     * @param reuseKey whether a renewal keeps the lineage's current private key, if it is of the
     *        requested {@code keySpec}, instead of generating a new one
     * @throws IllegalArgumentException if there are no names, more than {@value #MAX_DOMAINS},
     *         duplicates, the lineage name cannot be a directory name, or the profile or preferred
     *         chain is blank, longer than 255 characters or contains control characters
     */
    public CertificateRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySpec, "keySpec");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(preferredChain, "preferredChain");
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
        profile.ifPresent(value -> requireOptionText("profile", value));
        preferredChain.ifPresent(value -> requireOptionText("preferred chain", value));
    }

    /**
     * A request with the CA's default profile and chain and a new key for every certificate.
     *
     * @param name the lineage name
     * @param domains the names
     * @param keySpec the key type
     * @throws IllegalArgumentException as the canonical constructor
     */
    public CertificateRequest(String name, List<DomainName> domains, KeySpec keySpec) {
        this(name, domains, keySpec, Optional.empty(), Optional.empty(), false);
    }

    /**
     * A request named after its first name, as certbot does without {@code --cert-name}.
     *
     * @param domains the names
     * @param keySpec the key type
     * @return the request
     * @throws IllegalArgumentException as the constructor
     */
    public static CertificateRequest forDomains(List<DomainName> domains, KeySpec keySpec) {
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("no domain names given; pass at least one with -d");
        }
        return new CertificateRequest(defaultName(domains.get(0)), domains, keySpec);
    }

    /**
     * The lineage name certbot would pick for a certificate whose first name is this one: the name
     * itself. An IPv6 address cannot be a directory name as it is, since {@code :} is not allowed
     * in lineage names: each {@code :} becomes {@code -}, and a {@code 0} goes in front when the
     * address starts with {@code ::}, so that {@code 2001:db8::1} is stored as
     * {@code 2001-db8--1} and {@code ::1} as {@code 0--1}.
     *
     * @param first the certificate's first name
     * @return a valid lineage name
     */
    public static String defaultName(DomainName first) {
        String value = first.value();
        if (value.indexOf(':') < 0) {
            return value;
        }
        String dashed = value.replace(':', '-');
        return dashed.startsWith("-") ? "0" + dashed : dashed;
    }

    /**
     * This request with another profile.
     *
     * @param profile the profile's name as the CA lists it, or empty for the CA's default
     * @return the new request
     * @throws IllegalArgumentException if the name is blank, too long or has control characters
     */
    public CertificateRequest withProfile(Optional<String> profile) {
        return new CertificateRequest(name, domains, keySpec, profile, preferredChain, reuseKey);
    }

    /**
     * This request with another preferred chain.
     *
     * @param issuerCommonName the common name to look for, or empty for the CA's default chain
     * @return the new request
     * @throws IllegalArgumentException if the name is blank, too long or has control characters
     */
    public CertificateRequest withPreferredChain(Optional<String> issuerCommonName) {
        return new CertificateRequest(name, domains, keySpec, profile, issuerCommonName, reuseKey);
    }

    /**
     * This request with renewals keeping, or not keeping, the current key.
     *
     * @param reuse whether to reuse the lineage's key
     * @return the new request
     */
    public CertificateRequest withReuseKey(boolean reuse) {
        return new CertificateRequest(name, domains, keySpec, profile, preferredChain, reuse);
    }

    private static void requireOptionText(String what, String value) {
        if (value.isBlank() || value.length() > MAX_OPTION_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the " + what + " must be 1 to " + MAX_OPTION_LENGTH
                    + " printable characters");
        }
    }
}
