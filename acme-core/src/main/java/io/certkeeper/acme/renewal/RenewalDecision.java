package io.certkeeper.acme.renewal;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether a certificate should be renewed now, and why.
 *
 * @param due whether to renew now
 * @param renewAt when the certificate becomes due (in the past when {@code due})
 * @param reason a short explanation for users, such as "30 of 90 days left"
 * @param basis which rule decided: the CA's renewal window or the certificate's lifetime
 */
public record RenewalDecision(boolean due, Instant renewAt, String reason, Basis basis) {

    /** Which rule a decision follows. */
    public enum Basis {
        /** The CA's suggested window, fetched through ACME Renewal Information (RFC 9773). */
        ARI,
        /** The last third of the lifetime, or the last half for certificates shorter than 10 days. */
        LIFETIME,
        /**
         * A placeholder, not issued by a CA ({@link io.certkeeper.acme.store.PlaceholderCertificate}):
         * due from the start.
         */
        PLACEHOLDER
    }

    /**
     * Validates the fields.
     *
     * @param due whether to renew now
     * @param renewAt when the certificate becomes due (in the past when {@code due})
     * @param reason a short explanation for users, such as "30 of 90 days left"
     * @param basis which rule decided: the CA's renewal window or the certificate's lifetime
     */
    public RenewalDecision {
        Objects.requireNonNull(renewAt, "renewAt");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(basis, "basis");
    }
}
