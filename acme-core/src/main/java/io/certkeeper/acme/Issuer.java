package io.certkeeper.acme;

import io.certkeeper.acme.error.CertkeeperException;

/**
 * Obtains a certificate from a CA. {@link CertificateIssuer} is the ACME implementation; the
 * {@link CertificateManager} only needs this one verb.
 */
@FunctionalInterface
public interface Issuer {

    /**
     * Obtains a certificate for the request's names with a new key.
     *
     * @param request what to obtain
     * @return the certificate and its key
     * @throws io.certkeeper.acme.error.ChallengeFailedException if the CA could not validate a name
     * @throws io.certkeeper.acme.error.OrderFailedException if the CA refused the order
     * @throws CertkeeperException for any other failure
     */
    IssuedCertificate issue(CertificateRequest request) throws CertkeeperException;
}
