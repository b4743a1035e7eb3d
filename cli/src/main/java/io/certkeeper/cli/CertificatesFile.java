package io.certkeeper.cli;

import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.discovery.DiscoveryRules;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The certificates file of {@code certkeeper run}, validated as a whole: its global settings and
 * the certificates to keep valid. Read by {@link CertificatesFileParser}; the format is in the
 * README and {@code examples/certificates.yml}.
 *
 * @param file where it was read from
 * @param ca the CA for new accounts and the certificates of this file
 * @param email the contact for a new account
 * @param agreeTos whether the CA's terms are agreed to when an account is registered
 * @param configDir where lineages, accounts and settings are kept
 * @param concurrency how many lineages are worked on at once
 * @param responder the built-in responder, for standalone certificates
 * @param reload the process to signal after a certificate changed
 * @param defaults what certificates that do not say get, and discovered ones
 * @param docker what containers may ask for with {@code --docker}: the {@code docker:} key's
 *        {@code allowed_domains} and {@code merge_names}; nothing when the file has no such key
 * @param certificates the certificates, names unique
 */
record CertificatesFile(Path file, CertificateAuthority ca, Optional<String> email, boolean agreeTos, Path configDir,
        int concurrency, ResponderSettings responder, Optional<ReloadSignal> reload, FleetDefaults defaults,
        DiscoveryRules docker, List<FleetCertificate> certificates) {

    /** Validates the fields and copies the list. */
    CertificatesFile {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(configDir, "configDir");
        Objects.requireNonNull(responder, "responder");
        Objects.requireNonNull(reload, "reload");
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(docker, "docker");
        certificates = List.copyOf(certificates);
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
    }
}
