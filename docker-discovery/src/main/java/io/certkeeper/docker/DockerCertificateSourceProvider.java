package io.certkeeper.docker;

import io.certkeeper.acme.discovery.CertificateSource;
import io.certkeeper.acme.discovery.CertificateSourceProvider;
import io.certkeeper.acme.discovery.DiscoveryRules;
import io.certkeeper.acme.error.CertkeeperException;
import java.util.Map;

/**
 * Provides {@link DockerCertificateSource} under the name {@value #NAME}, configured from the
 * environment as {@link DockerSettings#fromEnvironment} reads it ({@code DOCKER_HOST},
 * {@code CERTKEEPER_DOCKER_DEBOUNCE_MS}).
 */
public final class DockerCertificateSourceProvider implements CertificateSourceProvider {

    /** The provider's name, as in {@code certkeeper run --docker}. */
    public static final String NAME = "docker";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public DockerCertificateSourceProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Connects to the engine the environment names.
     *
     * @param environment the process environment
     * @param rules the names containers may ask for, and whether their requests are merged
     * @return the source, not yet watching
     * @throws CertkeeperException if the engine cannot be reached (the message names the address
     *         and what to check)
     * @throws IllegalArgumentException if {@code DOCKER_HOST} or {@code CERTKEEPER_DOCKER_DEBOUNCE_MS}
     *         is malformed, or TLS is asked for
     */
    @Override
    public CertificateSource open(Map<String, String> environment, DiscoveryRules rules) throws CertkeeperException {
        return DockerCertificateSource.open(DockerSettings.fromEnvironment(environment).withRules(rules));
    }
}
