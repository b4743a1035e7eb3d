package io.certkeeper.acme;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.connector.Connection;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.AcmeProvider;
import org.shredzone.acme4j.toolbox.JSON;

/**
 * Wraps the acme4j provider for a CA so that every session opened with it shares one HTTP client
 * (one pool of connections, and one TLS handshake where the CA speaks HTTP/2), and so that this
 * client trusts a given {@link SSLContext}, if any, instead of the JVM's default trust store.
 * Everything else is delegated unchanged.
 *
 * <p>The CA's directory is kept for {@link #DIRECTORY_TTL} after it was fetched and handed to every
 * session that asks meanwhile, instead of fetched again before nearly every request: acme4j asks
 * for it whenever a session looks up a resource, and fetches it anew when the CA marks it
 * {@code no-cache}, as Let's Encrypt does.
 *
 * <p>The client is made for the network settings of the first session that asks; {@link AcmeSessions}
 * gives all its sessions the same. Thread-safe.
 */
final class SharedClientProvider implements AcmeProvider {

    /**
     * How long a fetched directory is used: a run's orders see one directory, and a service that
     * runs for days still notices a CA's new endpoints or terms within minutes.
     */
    static final Duration DIRECTORY_TTL = Duration.ofMinutes(10);

    private final AcmeProvider delegate;
    private final Optional<SSLContext> sslContext;
    private HttpClient client;
    private JSON directory;
    private long directoryFetchedNanos;

    SharedClientProvider(AcmeProvider delegate, Optional<SSLContext> sslContext) {
        this.delegate = delegate;
        this.sslContext = sslContext;
    }

    @Override
    public boolean accepts(URI serverUri) {
        return delegate.accepts(serverUri);
    }

    @Override
    public URL resolve(URI serverUri) {
        return delegate.resolve(serverUri);
    }

    @Override
    public synchronized HttpClient createHttpClient(NetworkSettings settings) {
        if (client == null) {
            client = sslContext.isPresent() ? trustingClient(settings, sslContext.get()) : delegate.createHttpClient(settings);
        }
        return client;
    }

    private static HttpClient trustingClient(NetworkSettings settings, SSLContext sslContext) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(settings.getTimeout())
                .proxy(settings.getProxySelector())
                .sslContext(sslContext);
        if (settings.getAuthenticator() != null) {
            builder.authenticator(settings.getAuthenticator());
        }
        return builder.build();
    }

    @Override
    public Connection connect(URI serverUri, NetworkSettings networkSettings, HttpClient httpClient) {
        return delegate.connect(serverUri, networkSettings, httpClient);
    }

    @Override
    public JSON directory(Session session, URI serverUri) throws AcmeException {
        synchronized (this) {
            if (directory != null && System.nanoTime() - directoryFetchedNanos < DIRECTORY_TTL.toNanos()) {
                return directory;
            }
        }
        JSON fetched = delegate.directory(session, serverUri);
        if (fetched != null) {
            synchronized (this) {
                directory = fetched;
                directoryFetchedNanos = System.nanoTime();
            }
        }
        return fetched;
    }

    @Override
    public Challenge createChallenge(Login login, JSON data) {
        return delegate.createChallenge(login, data);
    }

    @Override
    public Optional<String> getProposedEabMacAlgorithm() {
        return delegate.getProposedEabMacAlgorithm();
    }
}
