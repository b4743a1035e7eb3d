package io.certkeeper.acme.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.CertificateRequest;
import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.store.Fixtures.Issued;
import io.certkeeper.acme.testing.FreePorts;
import io.certkeeper.acme.testing.Nginx;
import io.certkeeper.acme.testing.RequiresNginx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real nginx configured with a lineage's {@code live/} files starts on a placeholder, serves it
 * over TLS, and serves the real certificate after it is saved and nginx reloads.
 */
@RequiresNginx
class PlaceholderNginxIT {

    private static final String NAME = "a.example.test";
    private static final int TIMEOUT_MILLIS = 5_000;

    @TempDir
    Path dir;

    @Test
    void nginxStartsOnThePlaceholderAndServesIt() throws Exception {
        CertificateStore store = new CertificateStore(dir.resolve("store"));
        CertificateRequest request = new CertificateRequest(NAME, List.of(DomainName.of(NAME), DomainName.of("www." + NAME)),
                KeySpec.EC_P256);
        Lineage placeholder = store.savePlaceholder(request, Duration.ofDays(7), Clock.systemUTC()).orElseThrow();
        Path webroot = Files.createDirectories(dir.resolve("webroot"));

        // fullchain.pem, privkey.pem, and chain.pem as ssl_trusted_certificate: nginx refuses to start if one does not load.
        try (Nginx nginx = Nginx.serve(webroot, FreePorts.tcp(), Nginx.Tls.live(placeholder.liveDirectory()))) {
            int port = nginx.tls().orElseThrow().port();

            X509Certificate served = handshake(port, "www." + NAME, trusting(placeholder.leaf()));

            assertThat(served).as(nginx.logs()).isEqualTo(placeholder.leaf());
            assertThat(PlaceholderCertificate.isPlaceholder(served)).isTrue();
            assertThatThrownBy(() -> handshake(port, NAME, defaultTrust()))
                    .as("no client trusts a placeholder").isInstanceOf(SSLHandshakeException.class);

            Issued issued = Fixtures.issue(NAME, "www." + NAME);
            store.save(NAME, issued.key().getPrivate(), issued.chain());
            nginx.reload();

            assertThat(handshake(port, NAME, trusting(Fixtures.PKI.caCertificate()))).as(nginx.logs()).isEqualTo(issued.leaf());
        }
    }

    /**
     * Connects to nginx on loopback with the name as SNI and checks the served certificate against
     * the name and the trust given, as a browser would.
     */
    private static X509Certificate handshake(int port, String name, SSLContext context) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
        plain.setSoTimeout(TIMEOUT_MILLIS);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, name, port, true)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(name)));
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            Certificate[] chain = socket.getSession().getPeerCertificates();
            return (X509Certificate) chain[0];
        }
    }

    private static SSLContext trusting(X509Certificate anchor) throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("anchor", anchor);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static SSLContext defaultTrust() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        return context;
    }
}
