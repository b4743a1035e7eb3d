package io.certkeeper.acme;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.shredzone.acme4j.Session;

/**
 * The connections of one run to its CAs: sessions opened here for the same CA share one HTTP
 * client (its pool of connections, so one TLS handshake), its trust, and the CA's directory, which
 * is fetched once and then kept for ten minutes. Without it, the
 * renewal-window check, the order and every session of a run each set up their own client, shook
 * hands with the CA again and fetched its directory again, before nearly every request: acme4j
 * fetches it anew whenever the CA marks it {@code no-cache}, as Let's Encrypt and Pebble do.
 *
 * <p>The CA bundle is read when a CA is first used; open a new {@code AcmeClients} to read it again.
 * Thread-safe.
 */
public final class AcmeClients {

    private final ConcurrentMap<CertificateAuthority, SharedClientProvider> providers = new ConcurrentHashMap<>();

    /** Creates a set of connections with none open yet. */
    public AcmeClients() {
    }

    /**
     * Opens a session to a CA, sharing the HTTP client and the directory of the sessions opened
     * here before for the same CA. No network traffic happens until the session is used.
     *
     * @param ca the CA
     * @return a new session, with a nonce of its own
     * @throws IllegalArgumentException if the CA bundle cannot be read or holds no certificate, no
     *         acme4j provider accepts the directory URI, or the directory is plain HTTP to a host
     *         that is not loopback and the CA does not allow plaintext
     */
    public Session open(CertificateAuthority ca) {
        return AcmeSessions.open(ca, providers.computeIfAbsent(ca, AcmeSessions::provider));
    }
}
