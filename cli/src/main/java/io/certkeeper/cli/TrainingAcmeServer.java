package io.certkeeper.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.certkeeper.acme.crypto.Pem;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A stand-in CA on loopback for {@link ClassArchiveTraining}: just enough of RFC 8555 for a
 * {@code certonly} run to go through TLS, the directory, a nonce, signed requests and an account
 * registration, before it refuses the new order (RFC 8555 section 7.4), so that the run ends
 * there. It checks nothing and issues nothing. Its TLS certificate is self-signed, made afresh.
 *
 * <p>Not thread-safe to start or close; it answers requests on one thread of its own.
 */
final class TrainingAcmeServer implements AutoCloseable {

    private final HttpsServer server;
    private final String base;
    private final AtomicLong nonces = new AtomicLong();

    private TrainingAcmeServer(HttpsServer server) {
        this.server = server;
        this.base = "https://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Starts the server on a free loopback port and writes its certificate to {@code caBundle}.
     *
     * @param caBundle where to write the server's certificate, for {@code --ca-bundle}
     * @return the running server
     * @throws IOException if the port cannot be bound or the file not written
     * @throws GeneralSecurityException if the key or certificate cannot be made
     */
    static TrainingAcmeServer start(Path caBundle) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keyPair = generator.generateKeyPair();
        X509Certificate certificate = selfSigned(keyPair);
        Files.writeString(caBundle, Pem.encodeCertificates(List.of(certificate)));

        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] password = "training".toCharArray();
        keys.setKeyEntry("server", keyPair.getPrivate(), password, new X509Certificate[] {certificate});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);

        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        TrainingAcmeServer training = new TrainingAcmeServer(server);
        server.createContext("/", training::answer);
        server.start();
        return training;
    }

    /**
     * The directory URL, for {@code --server}.
     *
     * @return the URL of the directory resource
     */
    String directory() {
        return base + "/dir";
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
        }
        exchange.getResponseHeaders().add("Replay-Nonce", "training-nonce-" + nonces.incrementAndGet());
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        String path = exchange.getRequestURI().getPath();
        switch (path) {
            case "/dir" -> send(exchange, 200, "application/json", "{\"newNonce\":\"" + base + "/nonce\","
                    + "\"newAccount\":\"" + base + "/account\",\"newOrder\":\"" + base + "/order\","
                    + "\"revokeCert\":\"" + base + "/revoke\",\"keyChange\":\"" + base + "/key-change\","
                    + "\"meta\":{\"termsOfService\":\"" + base + "/terms\"}}");
            case "/nonce" -> send(exchange, 200, null, null);
            case "/account" -> {
                exchange.getResponseHeaders().add("Location", base + "/account/1");
                send(exchange, 201, "application/json", "{\"status\":\"valid\",\"orders\":\"" + base + "/account/1/orders\"}");
            }
            default -> send(exchange, 403, "application/problem+json",
                    "{\"type\":\"urn:ietf:params:acme:error:rejectedIdentifier\",\"detail\":\"a training run orders nothing\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        if (body == null || "HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static X509Certificate selfSigned(KeyPair keyPair) throws GeneralSecurityException, IOException {
        X500Name name = new X500Name("CN=certkeeper class archive training");
        Instant now = Instant.now();
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofHours(1))), name,
                    keyPair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the training certificate", e);
        }
    }
}
