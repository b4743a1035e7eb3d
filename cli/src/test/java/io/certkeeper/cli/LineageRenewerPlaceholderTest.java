package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.CertificateRequest;
import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.renewal.ChallengeMethod;
import io.certkeeper.acme.renewal.LineageHooks;
import io.certkeeper.acme.renewal.RenewalSettings;
import io.certkeeper.acme.renewal.RenewalWindow;
import io.certkeeper.acme.store.CertificateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LineageRenewer#check} on a placeholder: due at once, and the CA is never asked for a
 * renewal window (RFC 9773) about a certificate it did not issue. The CA is a loopback socket
 * that shows whether anything connected to it.
 */
class LineageRenewerPlaceholderTest {

    @TempDir
    Path home;

    @Test
    void aPlaceholderIsDueAndTheCaIsNotAskedAboutIt() throws Exception {
        Path configDir = home.resolve("certkeeper");
        Clock clock = Clock.systemUTC();
        Instant now = clock.instant();
        // A cached window that is stale, so that a real certificate would be asked about again.
        RenewalWindow stale = new RenewalWindow(now.plus(Duration.ofDays(60)), now.plus(Duration.ofDays(61)), Optional.empty(),
                now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
        try (ServerSocket ca = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            RenewalSettings settings = settings("p.example.test", ca, stale);
            new CertificateStore(configDir).savePlaceholder(settings.request(), Duration.ofDays(7), clock).orElseThrow();
            LineageRenewer renewer = new LineageRenewer(CliRun.environment(home, clock), configDir, new PrintWriter(new StringWriter()));

            LineageRenewer.Checked checked = renewer.check(settings);

            assertThat(checked.status().why()).contains("only a placeholder so far");
            assertThat(checked.settings().renewalInfo()).as("no window for a placeholder").isEmpty();
            ca.setSoTimeout(200);
            assertThatThrownBy(ca::accept).as("nothing connected to the CA").isInstanceOf(SocketTimeoutException.class);
        }
    }

    /** The control: the same check on a certificate a CA issued does ask, so the socket above would have seen it. */
    @Test
    void aRealCertificateIsAskedAbout() throws Exception {
        Path configDir = home.resolve("certkeeper");
        Instant issued = Instant.now().minus(Duration.ofDays(1));
        RenewalWindow stale = new RenewalWindow(issued.plus(Duration.ofDays(60)), issued.plus(Duration.ofDays(61)),
                Optional.empty(), issued, issued.plus(Duration.ofHours(1)));
        try (ServerSocket ca = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Boolean> connected = CompletableFuture.supplyAsync(() -> acceptAndClose(ca));
            RenewalSettings settings = settings("r.example.test", ca, stale);
            new LineageFixture(configDir).save("r.example.test", KeySpec.EC_P256, issued, issued.plus(Duration.ofDays(90)),
                    "r.example.test");
            LineageRenewer renewer = new LineageRenewer(CliRun.environment(home), configDir, new PrintWriter(new StringWriter()));

            renewer.check(settings);

            assertThat(connected.get(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static RenewalSettings settings(String name, ServerSocket ca, RenewalWindow window) {
        CertificateRequest request = new CertificateRequest(name, List.of(DomainName.of(name)), KeySpec.EC_P256);
        return new RenewalSettings(request, CertificateAuthority.of("https://127.0.0.1:" + ca.getLocalPort() + "/dir"),
                Optional.empty(), new ChallengeMethod.Webroot(Map.of(request.domains().get(0), Path.of("/var/www/html"))),
                LineageHooks.NONE, RenewalSettings.DEFAULT_KEEP_VERSIONS, Optional.of(window));
    }

    /** Closing at once makes the client's TLS handshake fail fast instead of waiting for its timeout. */
    private static boolean acceptAndClose(ServerSocket ca) {
        try (Socket client = ca.accept()) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
