package io.certkeeper.acme.discovery;

import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.store.Lineage;
import java.util.List;

/**
 * A live source of certificates to keep valid, such as the labels of running Docker containers.
 * {@code certkeeper run} merges them with its certificates file and acts on a change as on SIGHUP.
 *
 * <p>Implementations are thread-safe: {@link #certificates()} and {@link #deployed} may be called
 * from any thread while the source watches.
 */
public interface CertificateSource extends AutoCloseable {

    /**
     * What the source asks for now.
     *
     * @return the certificates, in a stable order
     * @throws CertkeeperException if the source cannot be read (the message says what to check)
     */
    List<DiscoveredCertificate> certificates() throws CertkeeperException;

    /**
     * Starts watching for changes. {@code changed} is called, on a thread of the source's own,
     * after the set may have changed, already debounced: one call for a burst of events. A change
     * before this call is not reported: call it before the first {@link #certificates()}, so that
     * no change falls in between. If the source loses its connection, it reconnects by itself and
     * calls {@code changed} once it is back, since anything may have changed meanwhile.
     *
     * @param changed called after a change; it reads {@link #certificates()} again
     * @throws CertkeeperException if watching cannot start
     */
    void watch(Runnable changed) throws CertkeeperException;

    /**
     * Told after a lineage got a new certificate, so that the source can tell whoever serves it,
     * for instance by signalling containers that asked to be reloaded. Never throws: a failure is
     * logged by the source.
     *
     * @param lineage the lineage as now served
     */
    default void deployed(Lineage lineage) {
    }

    /** Stops watching and releases the connection. Idempotent. */
    @Override
    void close();
}
