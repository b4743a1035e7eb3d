/**
 * Docker discovery for {@code certkeeper run --docker}: the certificates that running containers
 * ask for with their labels ({@link io.certkeeper.docker.DockerLabels}), followed through the
 * engine's events, and reload signals to the containers that serve them. Provided to the CLI
 * through the {@link io.certkeeper.acme.discovery.CertificateSourceProvider} SPI.
 */
package io.certkeeper.docker;
