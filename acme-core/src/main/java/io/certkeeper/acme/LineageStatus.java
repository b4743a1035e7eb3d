package io.certkeeper.acme;

import io.certkeeper.acme.renewal.RenewalDecision;
import io.certkeeper.acme.store.Lineage;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of a lineage before {@link CertificateManager} acts on it.
 *
 * @param lineage the current lineage, if there is one
 * @param decision the renewal decision for its certificate, if there is one
 * @param why why a new certificate is needed; empty if none is
 */
public record LineageStatus(Optional<Lineage> lineage, Optional<RenewalDecision> decision, Optional<String> why) {

    /**
     * Validates the fields.
     *
     * @param lineage the current lineage, if there is one
     * @param decision the renewal decision for its certificate, if there is one
     * @param why why a new certificate is needed; empty if none is
     */
    public LineageStatus {
        Objects.requireNonNull(lineage, "lineage");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(why, "why");
    }

    /**
     * Whether a new certificate is needed.
     *
     * @return {@code true} if absent, due, or the names changed
     */
    public boolean needsCertificate() {
        return why.isPresent();
    }
}
