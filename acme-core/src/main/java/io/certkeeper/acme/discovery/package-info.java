/**
 * Certificates that something outside the certificates file asks for, such as running Docker
 * containers: the {@link io.certkeeper.acme.discovery.CertificateSource} SPI, found through
 * {@link java.util.ServiceLoader} by its {@link io.certkeeper.acme.discovery.CertificateSourceProvider}.
 * Sources with heavy dependencies live in their own modules, so that the core stays small.
 */
package io.certkeeper.acme.discovery;
