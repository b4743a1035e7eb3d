package io.certkeeper.acme;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A certificate the CA issued, with the key it was issued for.
 *
 * @param keyPair the certificate's key pair; the private key is secret
 * @param chain the leaf certificate first, then the intermediates the CA sent
 */
public record IssuedCertificate(KeyPair keyPair, List<X509Certificate> chain) {

    /**
     * Validates the fields.
     *
     * @param keyPair the certificate's key pair; the private key is secret
     * @param chain the leaf certificate first, then the intermediates the CA sent
     */
    public IssuedCertificate {
        Objects.requireNonNull(keyPair, "keyPair");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("empty certificate chain");
        }
    }

    /**
     * The leaf certificate.
     *
     * @return the first certificate of the chain
     */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    @Override
    public String toString() {
        return "IssuedCertificate[" + certificate().getSubjectX500Principal() + ", chain of " + chain.size() + "]";
    }
}
