package io.certkeeper.acme;

/** What {@link CertificateManager#ensure} did. */
public enum EnsureAction {
    /** A first certificate was issued for the lineage, where there was none or only a placeholder. */
    ISSUED,
    /** The lineage got a new certificate. */
    RENEWED,
    /** The current certificate is kept; it is not due. */
    NOT_DUE
}
