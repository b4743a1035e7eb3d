package io.certkeeper.acme.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS clients for tests that trust exactly the certificates of a PEM bundle, such as
 * {@link Pebble#caBundle()}. The JVM's default trust is never changed.
 */
public final class CaBundles {

    private CaBundles() {
    }

    /**
     * Builds an SSL context whose only trust anchors are the certificates in a PEM file.
     *
     * @param caBundle a PEM file with one or more certificates
     * @return a new context
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if it holds no certificate
     */
    public static SSLContext sslContext(Path caBundle) {
        List<X509Certificate> anchors;
        try {
            anchors = TestPem.readCertificates(Files.readString(caBundle, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CA bundle " + caBundle, e);
        }
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("no certificate in CA bundle " + caBundle);
        }
        try {
            KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
            trustStore.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                trustStore.setCertificateEntry("anchor-" + i, anchors.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build an SSL context from " + caBundle, e);
        }
    }

    /**
     * Builds an HTTP client that trusts only the certificates in a PEM file and never uses a proxy.
     *
     * @param caBundle a PEM file with one or more certificates
     * @return a new client
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if it holds no certificate
     */
    public static HttpClient httpClient(Path caBundle) {
        return HttpClient.newBuilder()
                .sslContext(sslContext(caBundle))
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }
}
