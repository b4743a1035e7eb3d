package io.certkeeper.cli;

import io.certkeeper.acme.CertificateAuthority;

/**
 * The CLI's words for a CA directory that is plain {@code http://} to a host that is not loopback
 * ({@link CertificateAuthority#plaintext()}): such a CA is used only with {@code --insecure}, or
 * when the lineage was obtained with it. The library refuses it too; the CLI checks first so that
 * its message names the flag, not the library's opt-in.
 */
final class PlainHttp {

    private PlainHttp() {
    }

    /**
     * Why a CA is refused, and the way out.
     *
     * @param ca a CA whose {@link CertificateAuthority#plaintext()} is {@code true}
     * @param flag how the user opts in, such as {@code --insecure} or {@code renew --insecure}
     * @return the problem, starting with the URL
     */
    static String refusal(CertificateAuthority ca, String flag) {
        return ca.directory() + " is plain HTTP to a host that is not loopback, so the network could read and change the"
                + " exchange with the CA; use the CA's https:// URL, or pass " + flag + " to accept plaintext";
    }

    /**
     * The CA as the user allowed it: unchanged unless it is plain HTTP to a host that is not
     * loopback and not yet allowed, then allowed if {@code insecure}.
     *
     * @param ca the CA
     * @param insecure whether {@code --insecure} was given
     * @return the CA, allowing plaintext where the user allowed it
     * @throws IllegalArgumentException with {@link #refusal} if the CA needs the opt-in and has none;
     *         {@code flag} is the opt-in to name
     */
    static CertificateAuthority allowedBy(CertificateAuthority ca, boolean insecure, String flag) {
        if (!ca.plaintext() || ca.plaintextAllowed()) {
            return ca;
        }
        if (!insecure) {
            throw new IllegalArgumentException(refusal(ca, flag));
        }
        return ca.allowingPlaintext();
    }
}
