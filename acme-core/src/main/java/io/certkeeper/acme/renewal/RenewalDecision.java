package io.certkeeper.acme.renewal;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether a certificate should be renewed now, and why.
 *
 * @param due whether to renew now
 * @param renewAt when the certificate becomes due (in the past when {@code due})
 * @param reason a short explanation for users, such as "30 of 90 days left"
 */
public record RenewalDecision(boolean due, Instant renewAt, String reason) {

    /** Validates the fields. */
    public RenewalDecision {
        Objects.requireNonNull(renewAt, "renewAt");
        Objects.requireNonNull(reason, "reason");
    }
}
