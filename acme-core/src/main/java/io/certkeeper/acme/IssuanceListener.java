package io.certkeeper.acme;

import io.certkeeper.acme.store.Lineage;
import java.net.URL;

/**
 * Hears the steps of obtaining a certificate, for progress output. Every method has an empty
 * default, so a listener implements only what it shows.
 *
 * <p>Methods may be called from the thread that runs the order; implementations must not block.
 */
public interface IssuanceListener {

    /** A listener that ignores everything. */
    IssuanceListener NONE = new IssuanceListener() {
    };

    /**
     * The account to order with is known.
     *
     * @param location the account URL
     * @param created whether it was registered just now
     */
    default void onAccount(URL location, boolean created) {
    }

    /**
     * The CA no longer knows the stored account (it was purged, or a test CA restarted); it is
     * registered again with the same key.
     *
     * @param location the stored account URL the CA does not know
     */
    default void onAccountUnknown(URL location) {
    }

    /**
     * The CA created the order.
     *
     * @param location the order URL
     * @param authorizations how many names still need validation
     */
    default void onOrder(URL location, int authorizations) {
    }

    /**
     * The CA validated a name. The names of one order may be reported together, once the CA
     * says the order is ready.
     *
     * @param domain the name
     * @param reused whether the CA reused an earlier validation instead of checking again
     */
    default void onAuthorizationValid(DomainName domain, boolean reused) {
    }

    /** All names are validated; the CSR is being sent. */
    default void onFinalizing() {
    }

    /**
     * Something about the order the user should know that does not stop it: the current key is
     * reused, or could not be; no chain has the preferred issuer, so the default one is kept.
     *
     * @param note one sentence, without a trailing period
     */
    default void onNote(String note) {
    }

    /**
     * The certificate was saved.
     *
     * @param lineage the saved lineage
     */
    default void onSaved(Lineage lineage) {
    }
}
