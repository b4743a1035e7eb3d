package io.certkeeper.acme;

import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.store.Lineage;
import java.util.Optional;

/**
 * Obtains a certificate from a CA. {@link CertificateIssuer} is the ACME implementation; the
 * {@link CertificateManager} only needs this one verb.
 */
@FunctionalInterface
public interface Issuer {

    /**
     * Obtains a certificate for the request's names, with a new key or, if the request asks to
     * reuse it and it is of the requested type, the current lineage's key.
     *
     * @param request what to obtain
     * @param current the lineage this certificate will replace, as found under the store lock, or
     *        empty for a first certificate; its key may be reused and, with a CA that offers ARI,
     *        the new order names its certificate as the one it replaces; neither happens for a
     *        placeholder ({@link Lineage#placeholder()})
     * @return the certificate and its key
     * @throws IllegalArgumentException if the request asks for something the CA does not offer,
     *         such as a profile it does not list
     * @throws io.certkeeper.acme.error.ChallengeFailedException if the CA could not validate a name
     * @throws io.certkeeper.acme.error.OrderFailedException if the CA refused the order
     * @throws CertkeeperException for any other failure
     */
    IssuedCertificate issue(CertificateRequest request, Optional<Lineage> current) throws CertkeeperException;
}
