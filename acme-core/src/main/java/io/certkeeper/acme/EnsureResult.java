package io.certkeeper.acme;

import io.certkeeper.acme.store.Lineage;
import java.util.Objects;

/**
 * The outcome of {@link CertificateManager#ensure}.
 *
 * @param action what was done
 * @param lineage the lineage now in place
 * @param before the state found before acting
 */
public record EnsureResult(EnsureAction action, Lineage lineage, LineageStatus before) {

    /**
     * Validates the fields.
     *
     * @param action what was done
     * @param lineage the lineage now in place
     * @param before the state found before acting
     */
    public EnsureResult {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(lineage, "lineage");
        Objects.requireNonNull(before, "before");
    }
}
