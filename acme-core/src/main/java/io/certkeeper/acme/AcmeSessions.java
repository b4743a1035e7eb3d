package io.certkeeper.acme;

import io.certkeeper.acme.error.AcmeErrors;
import io.certkeeper.acme.error.CertkeeperException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.ServiceLoader;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.provider.AcmeProvider;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * Opens acme4j sessions to a {@link CertificateAuthority}.
 *
 * <p>When the CA has a CA bundle, the session's HTTP client gets an {@link SSLContext} that
 * trusts exactly that bundle; nothing JVM-wide is touched, so other connections of an application
 * embedding certkeeper keep their own trust.
 *
 * <p>A session sends one signed request at a time: acme4j 4's {@code Session} keeps the one nonce
 * the next request must carry (RFC 8555 §6.5) and holds it locked from signing a request until its
 * answer brings the next nonce. Requests that are to be in flight together go through
 * {@link #sibling sibling} sessions, each with a nonce of its own, which share one HTTP client.
 */
public final class AcmeSessions {

    /** How long one HTTP exchange with the CA may take. */
    private static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(30);

    private AcmeSessions() {
    }

    /**
     * Opens a session. No network traffic happens until the session is used.
     *
     * @param ca the CA
     * @return a new session
     * @throws IllegalArgumentException if the CA bundle cannot be read or holds no certificate, no
     *         acme4j provider accepts the directory URI, or the directory is plain HTTP to a host
     *         that is not loopback and the CA does not allow plaintext
     *         ({@link CertificateAuthority#requireSecureTransport()})
     */
    public static Session open(CertificateAuthority ca) {
        return open(ca, provider(ca));
    }

    /** A session to the CA through a provider made by {@link #provider}, maybe shared ({@link AcmeClients}). */
    static Session open(CertificateAuthority ca, SharedClientProvider provider) {
        return configured(new Session(ca.directory(), provider));
    }

    /**
     * The provider that the sessions to a CA share: its HTTP client, trusting the CA bundle if any.
     *
     * @throws IllegalArgumentException as {@link #open(CertificateAuthority)}
     */
    static SharedClientProvider provider(CertificateAuthority ca) {
        ca.requireSecureTransport(); // every session, shared or not, is made from a provider made here
        return new SharedClientProvider(providerFor(ca.directory()), ca.caBundle().map(AcmeSessions::sslContext));
    }

    /**
     * Opens another session to the same CA as {@code session}, with a nonce of its own, sharing its
     * HTTP client and trust. It reads the CA's directory on its first request. No network traffic
     * happens until the session is used.
     *
     * @param session a session from {@link #open}
     * @return a new session
     */
    public static Session sibling(Session session) {
        Session sibling = configured(new Session(session.getServerUri(), session.provider()));
        sibling.setLocale(session.getLocale());
        return sibling;
    }

    private static Session configured(Session session) {
        session.networkSettings().setTimeout(NETWORK_TIMEOUT);
        return session;
    }

    /**
     * Fetches the CA's directory, to find out early, before anything is written, that the CA can
     * be reached.
     *
     * @param session the session
     * @throws CertkeeperException if the CA cannot be reached or its answer is not a directory
     */
    public static void checkReachable(Session session) throws CertkeeperException {
        AcmeErrors.call("fetching the directory of " + session.getServerUri(), session::getMetadata);
    }

    private static AcmeProvider providerFor(URI directory) {
        for (AcmeProvider candidate : ServiceLoader.load(AcmeProvider.class, AcmeSessions.class.getClassLoader())) {
            if (candidate.accepts(directory)) {
                return candidate;
            }
        }
        // As acme4j's Session does: a plain directory URL needs no provider of its own.
        GenericAcmeProvider generic = new GenericAcmeProvider();
        if (generic.accepts(directory)) {
            return generic;
        }
        throw new IllegalArgumentException("no ACME provider accepts " + directory);
    }

    static SSLContext sslContext(Path bundle) {
        try (InputStream in = Files.newInputStream(bundle)) {
            Collection<? extends Certificate> roots = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (roots.isEmpty()) {
                throw new IllegalArgumentException("CA bundle " + bundle + " holds no PEM certificate");
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate root : roots) {
                trust.setCertificateEntry("root-" + i++, root);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read CA bundle " + bundle + ": " + describe(e), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("CA bundle " + bundle + " is not a PEM certificate bundle: " + e.getMessage(), e);
        }
    }

    private static String describe(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file" : String.valueOf(e.getMessage());
    }
}
