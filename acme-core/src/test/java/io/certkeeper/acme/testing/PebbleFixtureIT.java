package io.certkeeper.acme.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.crypto.KeySpec;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/** Checks that the Pebble and nginx fixtures start, answer as documented, and stop. */
@RequiresPebble
class PebbleFixtureIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int DNS_TYPE_A = 1;
    private static final int DNS_TYPE_AAAA = 28;

    @RegisterExtension
    static final PebbleServer pebble = PebbleServer.withDefaults();

    @Test
    void directoryIsServedOverTlsTrustingOnlyTheCaBundle() throws Exception {
        HttpResponse<String> response = CaBundles.httpClient(pebble.caBundle())
                .send(HttpRequest.newBuilder(pebble.directoryUrl()).timeout(TIMEOUT).build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(pebble.directoryUrl().toString()).matches("https://127\\.0\\.0\\.1:\\d+/dir");
        assertThat(response.statusCode()).as(pebble.logs()).isEqualTo(200);
        assertThat(response.body()).contains("\"newAccount\"", "\"newOrder\"", "\"newNonce\"");
    }

    @Test
    void theJvmWideTrustIsLeftAlone() {
        HttpClient defaultClient = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

        assertThatThrownBy(() -> defaultClient.send(
                HttpRequest.newBuilder(pebble.directoryUrl()).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void issuingRootIsASelfSignedCaCertificate() throws Exception {
        X509Certificate root = pebble.issuingRoot();

        assertThat(root.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(root.getSubjectX500Principal()).isEqualTo(root.getIssuerX500Principal());
        assertThat(root.getSubjectX500Principal().getName()).contains("Pebble Root CA");
        root.verify(root.getPublicKey());
        assertThat(pebble.get().issuingRootPem()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(pebble.caBundle())).doesNotContain(pebble.get().issuingRootPem().strip());
    }

    @Test
    void dnsResolvesEveryNameToIpv4LoopbackAndNothingForIpv6() throws IOException {
        assertThat(query("a.example.test", DNS_TYPE_A)).containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThat(query("any.other.test", DNS_TYPE_A)).containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThat(query("a.example.test", DNS_TYPE_AAAA)).isEmpty();
    }

    @Test
    @RequiresNginx
    void nginxServesTheChallengeDirectoryAndNothingElse(@TempDir Path webroot) throws Exception {
        Path challenges = Files.createDirectories(webroot.resolve(".well-known/acme-challenge"));
        Files.writeString(challenges.resolve("tok"), "tok.key-authorization");
        Files.writeString(webroot.resolve("index.html"), "not for strangers");

        try (Nginx nginx = Nginx.serve(webroot)) {
            HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

            HttpResponse<String> token = get(client, nginx.baseUrl().resolve("/.well-known/acme-challenge/tok"));
            assertThat(token.statusCode()).as(nginx.logs()).isEqualTo(200);
            assertThat(token.body()).isEqualTo("tok.key-authorization");
            assertThat(token.headers().firstValue("Content-Type")).hasValue("text/plain");
            assertThat(get(client, nginx.baseUrl().resolve("/.well-known/acme-challenge/missing")).statusCode())
                    .isEqualTo(404);
            assertThat(get(client, nginx.baseUrl().resolve("/index.html")).statusCode()).isEqualTo(404);
            assertThat(get(client, nginx.baseUrl().resolve("/")).statusCode()).isEqualTo(404);

            nginx.reload();
            assertThat(get(client, nginx.baseUrl().resolve("/.well-known/acme-challenge/tok")).body())
                    .as(nginx.logs()).isEqualTo("tok.key-authorization");
        }
    }

    /** The contract the fixtures' users rely on: the mock DNS, the httpPort, no IPv6. */
    @Test
    @RequiresNginx
    void pebbleValidatesAChallengeThatNginxServesOnTheHttpPort(@TempDir Path webroot) throws Exception {
        try (Nginx nginx = Nginx.serve(webroot, pebble.httpPort())) {
            // A name of its own: Pebble may reuse a valid authorization of the same account and name.
            String name = "t" + UUID.randomUUID() + ".example.test";
            Order order = newAccount().newOrder().domain(name).create();
            Http01Challenge challenge = order.getAuthorizations().get(0).findChallenge(Http01Challenge.class)
                    .orElseThrow(() -> new AssertionError("no http-01 challenge offered; " + pebble.logs()));
            Path file = Files.createDirectories(webroot.resolve(".well-known/acme-challenge"))
                    .resolve(challenge.getToken());
            Files.writeString(file, challenge.getAuthorization());

            challenge.trigger();

            assertThat(challenge.waitForCompletion(TIMEOUT))
                    .as("%s%n%s%n%s", challenge.getError(), pebble.logs(), nginx.logs())
                    .isEqualTo(Status.VALID);
            assertThat(Files.readAllLines(nginx.accessLog()))
                    .as("Pebble's VA asks three times per challenge")
                    .filteredOn(line -> line.contains(challenge.getToken()) && line.contains("LetsEncrypt-Pebble-VA"))
                    .hasSize(3);
        }
    }

    @Test
    void pebbleRefusesTheBlockedDomain() throws Exception {
        Account account = newAccount();

        assertThatThrownBy(() -> account.newOrder().domain(Pebble.BLOCKED_DOMAIN).create())
                .isInstanceOfSatisfying(AcmeServerException.class, e -> assertThat(e.getType())
                        .isEqualTo(URI.create("urn:ietf:params:acme:error:rejectedIdentifier")));
    }

    @Test
    void pebbleRejectingNoncesStartsAndStops() throws Exception {
        Path files;
        try (Pebble rejecting = Pebble.builder().nonceRejectPercent(30).httpPort(FreePorts.tcp()).start()) {
            files = rejecting.caBundle().getParent();
            assertThat(Files.readString(rejecting.pebbleLog())).contains("Configured to reject 30% of good nonces");
            assertThat(rejecting.directoryUrl()).isNotEqualTo(pebble.directoryUrl());
        }
        assertThat(files).doesNotExist();
    }

    private static Account newAccount() throws AcmeException {
        Session session = new Session(pebble.directoryUrl(), new GenericAcmeProvider() {
            @Override
            public HttpClient createHttpClient(NetworkSettings settings) {
                return CaBundles.httpClient(pebble.caBundle());
            }
        });
        return new AccountBuilder().agreeToTermsOfService().useKeyPair(KeySpec.EC_P256.generate()).create(session);
    }

    private static HttpResponse<String> get(HttpClient client, URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A minimal DNS query over UDP: the addresses in the answer section. */
    private static List<InetAddress> query(String name, int type) throws IOException {
        ByteBuffer request = ByteBuffer.allocate(512);
        request.putShort((short) 0x4b1d).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0);
        for (String label : name.split("\\.")) {
            request.put((byte) label.length()).put(label.getBytes(StandardCharsets.US_ASCII));
        }
        request.put((byte) 0).putShort((short) type).putShort((short) 1);

        byte[] buffer = new byte[512];
        DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(FreePorts.loopback(), 0))) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.send(new DatagramPacket(request.array(), request.position(),
                    new InetSocketAddress(FreePorts.loopback(), pebble.get().dnsPort())));
            socket.receive(answer);
        }

        ByteBuffer response = ByteBuffer.wrap(buffer, 0, answer.getLength());
        assertThat(response.getShort()).isEqualTo((short) 0x4b1d);
        assertThat(response.getShort() & 0x000f).as("rcode").isZero();
        int questions = response.getShort();
        int answers = response.getShort();
        response.position(12);
        for (int i = 0; i < questions; i++) {
            skipName(response);
            response.position(response.position() + 4);
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (int i = 0; i < answers; i++) {
            skipName(response);
            int answerType = response.getShort();
            response.position(response.position() + 6);
            byte[] data = new byte[response.getShort()];
            response.get(data);
            if (answerType == type) {
                addresses.add(InetAddress.getByAddress(data));
            }
        }
        return addresses;
    }

    private static void skipName(ByteBuffer message) {
        while (true) {
            int length = message.get() & 0xff;
            if (length == 0) {
                return;
            }
            if ((length & 0xc0) == 0xc0) {
                message.get();
                return;
            }
            message.position(message.position() + length);
        }
    }
}
