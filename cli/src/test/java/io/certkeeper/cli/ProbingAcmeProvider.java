package io.certkeeper.cli;

import io.certkeeper.acme.testing.Pebble;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.Connection;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.provider.AbstractAcmeProvider;
import org.shredzone.acme4j.toolbox.JSON;
import org.shredzone.acme4j.toolbox.JSONBuilder;

/**
 * An acme4j provider that lets a test watch the requests certkeeper sends to a Pebble. acme4j finds
 * it like any provider (through {@code META-INF/services} of the test classpath) for
 * {@code acme://probe.test/<port>}, which it serves as acme4j's generic provider serves
 * {@code https://127.0.0.1:<port>/dir}. Every request passes unchanged, except the signed requests
 * to authorizations and challenges that a {@link Probe} registered for the port sees.
 *
 * <p>The registry of probes is static because acme4j, not the test, makes the provider.
 */
public final class ProbingAcmeProvider extends AbstractAcmeProvider {

    private static final String HOST = "probe.test";
    private static final Map<Integer, Probe> PROBES = new ConcurrentHashMap<>();

    /** Made by {@link java.util.ServiceLoader}. */
    public ProbingAcmeProvider() {
    }

    /**
     * The directory URI that reaches a Pebble through this provider.
     *
     * @param pebble the Pebble
     * @return {@code acme://probe.test/<port>}
     */
    static String directory(Pebble pebble) {
        return "acme://" + HOST + "/" + pebble.directoryUrl().getPort();
    }

    /**
     * Starts watching the requests to a Pebble.
     *
     * @param pebble the Pebble
     * @return the probe; closing it stops the watch
     */
    static Probe watch(Pebble pebble) {
        int port = pebble.directoryUrl().getPort();
        Probe probe = new Probe(() -> PROBES.remove(port));
        PROBES.put(port, probe);
        return probe;
    }

    @Override
    public boolean accepts(URI serverUri) {
        return "acme".equals(serverUri.getScheme()) && HOST.equals(serverUri.getHost());
    }

    @Override
    public URL resolve(URI serverUri) {
        try {
            return new URL("https://127.0.0.1:" + port(serverUri) + "/dir");
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(serverUri.toString(), e);
        }
    }

    @Override
    public Connection connect(URI serverUri, NetworkSettings networkSettings, HttpClient httpClient) {
        Connection connection = super.connect(serverUri, networkSettings, httpClient);
        Probe probe = PROBES.get(port(serverUri));
        return probe == null ? connection : new Watched(connection, probe);
    }

    private static int port(URI serverUri) {
        return Integer.parseInt(serverUri.getPath().substring(1));
    }

    /** The resources a probe watches, by the start of their path on Pebble. */
    enum Kind {
        AUTHORIZATION("/authZ/"), CHALLENGE("/chalZ/");

        private final String path;

        Kind(String path) {
            this.path = path;
        }

        static Optional<Kind> of(URL url) {
            for (Kind kind : values()) {
                if (url.getPath().startsWith(kind.path)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * What a test sees of the signed requests to one Pebble's authorizations and challenges. It
     * holds the first request of each kind, for at most {@value #HOLD_SECONDS} s, until a second
     * one of that kind is in flight too: a client that sends them one after another waits in vain
     * and shows one in flight at most. Thread-safe.
     */
    static final class Probe implements AutoCloseable {

        private static final int HOLD_SECONDS = 10;

        private final Runnable onClose;
        private final Map<Kind, AtomicInteger> inFlight = new EnumMap<>(Kind.class);
        private final Map<Kind, AtomicInteger> most = new EnumMap<>(Kind.class);
        private final Map<Kind, CountDownLatch> firstTwo = new EnumMap<>(Kind.class);
        private final AtomicBoolean failNextChallenge = new AtomicBoolean();

        private Probe(Runnable onClose) {
            this.onClose = onClose;
            for (Kind kind : Kind.values()) {
                inFlight.put(kind, new AtomicInteger());
                most.put(kind, new AtomicInteger());
                firstTwo.put(kind, new CountDownLatch(2));
            }
        }

        /**
         * The most requests of a kind that were in flight at the same time.
         *
         * @param kind authorizations or challenges
         * @return the count
         */
        int mostInFlight(Kind kind) {
            return most.get(kind).get();
        }

        /** Makes the next request to a challenge fail as if the connection broke, once. */
        void failNextChallenge() {
            failNextChallenge.set(true);
        }

        <T> T send(URL url, Request<T> request) throws AcmeException {
            Optional<Kind> kind = Kind.of(url);
            if (kind.isEmpty()) {
                return request.send();
            }
            AtomicInteger counter = inFlight.get(kind.get());
            most.get(kind.get()).accumulateAndGet(counter.incrementAndGet(), Math::max);
            try {
                CountDownLatch latch = firstTwo.get(kind.get());
                latch.countDown();
                if (!latch.await(HOLD_SECONDS, TimeUnit.SECONDS)) {
                    latch.countDown(); // no one else came; let later requests pass at once
                }
                if (kind.get() == Kind.CHALLENGE && failNextChallenge.compareAndSet(true, false)) {
                    throw new AcmeNetworkException(new IOException("connection reset (by the test's probe)"));
                }
                return request.send();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AcmeNetworkException(new IOException("interrupted", e));
            } finally {
                counter.decrementAndGet();
            }
        }

        @Override
        public void close() {
            onClose.run();
        }
    }

    /** One request, as a probe passes it on. */
    @FunctionalInterface
    interface Request<T> {
        T send() throws AcmeException;
    }

    /** A connection that lets a probe see its signed requests; everything else as it is. */
    private static final class Watched implements Connection {

        private final Connection delegate;
        private final Probe probe;

        Watched(Connection delegate, Probe probe) {
            this.delegate = delegate;
            this.probe = probe;
        }

        @Override
        public void resetNonce(Session session) throws AcmeException {
            delegate.resetNonce(session);
        }

        @Override
        public int sendRequest(URL url, Session session, ZonedDateTime ifModifiedSince) throws AcmeException {
            return delegate.sendRequest(url, session, ifModifiedSince);
        }

        @Override
        public int sendCertificateRequest(URL url, Login login) throws AcmeException {
            return delegate.sendCertificateRequest(url, login);
        }

        @Override
        public int sendSignedPostAsGetRequest(URL url, Login login) throws AcmeException {
            return probe.send(url, () -> delegate.sendSignedPostAsGetRequest(url, login));
        }

        @Override
        public int sendSignedRequest(URL url, JSONBuilder claims, Login login) throws AcmeException {
            return probe.send(url, () -> delegate.sendSignedRequest(url, claims, login));
        }

        @Override
        public int sendSignedRequest(URL url, JSONBuilder claims, Session session, KeyPair keypair) throws AcmeException {
            return delegate.sendSignedRequest(url, claims, session, keypair);
        }

        @Override
        public JSON readJsonResponse() throws AcmeException {
            return delegate.readJsonResponse();
        }

        @Override
        public List<X509Certificate> readCertificates() throws AcmeException {
            return delegate.readCertificates();
        }

        @Override
        public Optional<Instant> getRetryAfter() {
            return delegate.getRetryAfter();
        }

        @Override
        public Optional<String> getNonce() {
            return delegate.getNonce();
        }

        @Override
        public URL getLocation() {
            return delegate.getLocation();
        }

        @Override
        public Optional<ZonedDateTime> getLastModified() {
            return delegate.getLastModified();
        }

        @Override
        public Optional<ZonedDateTime> getExpiration() {
            return delegate.getExpiration();
        }

        @Override
        public Collection<URL> getLinks(String relation) {
            return delegate.getLinks(relation);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
