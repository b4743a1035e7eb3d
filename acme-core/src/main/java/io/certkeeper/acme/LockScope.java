package io.certkeeper.acme;

/**
 * How long {@link CertificateManager#ensure} holds the store lock when the caller does not hold it.
 */
public enum LockScope {

    /**
     * From the re-check through the order to the save: a second process or thread working on the
     * same store waits, then finds the work done, so no certificate is ever ordered twice; orders
     * for different lineages of one store run one after another.
     */
    ORDER,

    /**
     * Only to re-check and save: orders for different lineages of one store run concurrently. The
     * caller makes sure one lineage is not ordered by two of its threads at once; if another
     * process saved a new version of the lineage meanwhile, the certificate just ordered is not
     * saved, since the one in place is as new.
     */
    SAVE
}
