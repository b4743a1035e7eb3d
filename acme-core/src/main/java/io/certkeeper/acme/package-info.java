/**
 * The certkeeper library's entry points (RFC 8555): {@link io.certkeeper.acme.CertificateManager}
 * makes a set of names valid, issuing or renewing a certificate only when needed, from a
 * {@link io.certkeeper.acme.CertificateRequest} (the names, key and order options) and a
 * {@link io.certkeeper.acme.CertificateAuthority} (the CA's directory and trust).
 *
 * <p>The sub-packages hold what these need: accounts, challenge stores, the certificate store,
 * renewal decisions and the exceptions.
 */
package io.certkeeper.acme;
