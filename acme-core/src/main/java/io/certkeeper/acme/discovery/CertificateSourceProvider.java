package io.certkeeper.acme.discovery;

import io.certkeeper.acme.error.CertkeeperException;
import java.util.Map;

/**
 * Makes a {@link CertificateSource}; registered in
 * {@code META-INF/services/io.certkeeper.acme.discovery.CertificateSourceProvider} and found
 * through {@link java.util.ServiceLoader} by {@link #name()}, so that the CLI needs no compile-time
 * dependency on a source's module.
 */
public interface CertificateSourceProvider {

    /**
     * The source's name, as the CLI flag that enables it ({@code docker} for {@code run --docker}).
     *
     * @return the name
     */
    String name();

    /**
     * Opens the source.
     *
     * @param environment the process environment, for settings such as {@code DOCKER_HOST}
     * @param rules what the source may ask for: the names allowed, and whether requests for one
     *        lineage name are merged; the source applies them to every read
     * @return the source, not yet watching
     * @throws CertkeeperException if it cannot be opened (the message says what to check)
     */
    CertificateSource open(Map<String, String> environment, DiscoveryRules rules) throws CertkeeperException;
}
