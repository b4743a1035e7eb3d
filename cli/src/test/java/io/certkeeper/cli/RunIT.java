package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.store.PlaceholderCertificate;
import io.certkeeper.acme.testing.Nginx;
import io.certkeeper.acme.testing.PebbleServer;
import io.certkeeper.acme.testing.RequiresNginx;
import io.certkeeper.acme.testing.RequiresPebble;
import io.certkeeper.acme.testing.ShellScripts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certkeeper run} as a service: the assembled launcher in its own process, against a real
 * Pebble, with a real nginx serving the webroot on 127.0.0.1 and certkeeper's own responder on
 * 127.0.0.2 (the DNS server sends the standalone names there), real signals, and its log read as
 * it is written.
 */
@RequiresPebble
@RequiresNginx
class RunIT {

    private static final Duration ORDER = Duration.ofSeconds(60);

    @RegisterExtension
    static final PebbleServer pebble = PebbleServer.withDefaults();

    @TempDir
    Path home;

    private Path www;
    private Path configDir;
    private Path file;

    @BeforeEach
    void files() throws IOException {
        www = Files.createDirectories(home.resolve("www"));
        configDir = home.resolve("etc");
        file = home.resolve("certificates.yml");
    }

    private String global(String... more) {
        return """
                ca: %s
                ca_bundle: %s
                agree_tos: true
                config_dir: %s
                responder: {address: 127.0.0.2, port: %d}
                """.formatted(pebble.directoryUrl(), pebble.caBundle(), configDir, pebble.httpPort()) + String.join("\n", more) + "\n";
    }

    @Test
    void issuesBothModesThenFollowsTheFileOnSighupKeepsStateOnABrokenFileAndExitsZeroOnSigterm() throws Exception {
        pebble.get().resolve("solo.run.test", "127.0.0.2");
        Path deployed = home.resolve("deployed.txt");
        Path deployHook = ShellScripts.write(home, "deploy.sh", "echo \"$RENEWED_LINEAGE\" >> " + deployed);
        String two = global("certificates:",
                "  - domains: [web.run.test, www.web.run.test]",
                "    challenge: {webroot: " + www + "}",
                "    deploy_hook: " + deployHook,
                "  - domains: [solo.run.test]",
                "    challenge: standalone");
        Files.writeString(file, two);

        try (Nginx nginx = Nginx.serve(www, pebble.httpPort());
                RunningCertkeeper run = RunningCertkeeper.start(home, "run", "--config", file.toString())) {
            run.awaitLine("web\\.run\\.test: issued, version 1", ORDER);
            run.awaitLine("solo\\.run\\.test: issued, version 1", ORDER);
            IssuedFiles.of(configDir, "web.run.test").assertComplete(pebble.issuingRoot());
            assertThat(IssuedFiles.of(configDir, "web.run.test").dnsNames()).containsExactlyInAnyOrder("web.run.test", "www.web.run.test");
            IssuedFiles.of(configDir, "solo.run.test").assertComplete(pebble.issuingRoot());
            assertThat(Files.readString(nginx.accessLog())).contains("GET /.well-known/acme-challenge/");
            assertThat(Files.readString(deployed).strip()).isEqualTo(configDir.resolve("live/web.run.test").toString());
            assertThat(configDir.resolve("certkeeper/web.run.test.json")).as("renew and certificates know it").exists();

            // A third certificate: SIGHUP, no restart.
            Files.writeString(file, two + "  - domains: [third.run.test]\n    challenge: {webroot: " + www + "}\n");
            Instant hup = Instant.now();
            run.signal("HUP");
            run.awaitLine("third\\.run\\.test: issued, version 1", Duration.ofSeconds(30));
            assertThat(Duration.between(hup, Instant.now())).as("issued within seconds").isLessThan(Duration.ofSeconds(20));
            IssuedFiles.of(configDir, "third.run.test").assertComplete(pebble.issuingRoot());

            // A broken file: reported with its line and field, and nothing changes.
            Files.writeString(file, global("certificates:", "  - domains: [other.run.test]", "    colour: blue"));
            run.signal("HUP");
            run.awaitLine("not reloaded, the running configuration is kept: .*certificates\\.yml:8: certificates\\[1\\]\\.colour: is not a known setting",
                    Duration.ofSeconds(20));
            Thread.sleep(500);
            assertThat(run.out()).doesNotContain("removed from the configuration").doesNotContain("other.run.test:");

            // The third taken out again: no longer renewed, its files stay.
            Files.writeString(file, two);
            run.signal("HUP");
            run.awaitLine("third\\.run\\.test: removed from the configuration; no longer renewed, its files are kept",
                    Duration.ofSeconds(20));
            assertThat(configDir.resolve("live/third.run.test/fullchain.pem")).exists();
            assertThat(run.out()).doesNotContain("web.run.test: issued, version 2").doesNotContain("solo.run.test: issued, version 2");

            run.signal("TERM");
            assertThat(run.awaitExit(Duration.ofSeconds(20))).as(run.toString()).isZero();
            assertThat(run.out()).contains(" stopped");
        }
    }

    @Test
    void nginxStartsOnThePlaceholderAndServesTheIssuedCertificateAfterTheReloadSignal() throws Exception {
        Path go = home.resolve("go");
        Path challenges = www.resolve(".well-known/acme-challenge");
        // The original setup's hooks: publish the token in the directory nginx serves. This one
        // waits for the test, so that nginx can be seen starting on the placeholder first.
        Path auth = ShellScripts.write(home, "auth.sh",
                "while [ ! -e " + go + " ]; do sleep 0.1; done",
                "mkdir -p " + challenges,
                "printf %s \"$CERTBOT_VALIDATION\" > " + challenges + "/\"$CERTBOT_TOKEN\"");
        Path cleanup = ShellScripts.write(home, "cleanup.sh", "rm -f " + challenges + "/\"$CERTBOT_TOKEN\"");
        Path pidLink = home.resolve("nginx.pid");
        Files.writeString(file, global("reload: {signal: HUP, pidfile: " + pidLink + "}",
                "certificates:",
                "  - domains: [boot.run.test]",
                "    placeholder: true",
                "    challenge: {manual: {auth_hook: " + auth + ", cleanup_hook: " + cleanup + "}}"));
        Path live = configDir.resolve("live/boot.run.test");

        try (RunningCertkeeper run = RunningCertkeeper.start(home, "run", "--config", file.toString())) {
            run.awaitLine("boot\\.run\\.test: self-signed placeholder written to " + live, ORDER);
            try (Nginx nginx = Nginx.serve(www, pebble.httpPort(), Nginx.Tls.live(live))) {
                Files.createSymbolicLink(pidLink, nginx.pidFile());
                int tlsPort = nginx.tls().orElseThrow().port();
                assertThat(PlaceholderCertificate.isPlaceholder(served(tlsPort))).as("nginx started on the placeholder").isTrue();

                Files.createFile(go);
                run.awaitLine("boot\\.run\\.test: issued, version 2", ORDER);
                run.awaitLine("boot\\.run\\.test: sent SIGHUP to PID [0-9]+ from " + pidLink, Duration.ofSeconds(10));
                X509Certificate now = awaitServedNotPlaceholder(tlsPort);
                assertThat(now).isEqualTo(IssuedFiles.of(configDir, "boot.run.test").leaf());
                IssuedFiles.of(configDir, "boot.run.test").assertComplete(pebble.issuingRoot());
            }
            run.signal("TERM");
            assertThat(run.awaitExit(Duration.ofSeconds(20))).as(run.toString()).isZero();
        }
    }

    private static X509Certificate awaitServedNotPlaceholder(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        X509Certificate served = served(port);
        while (PlaceholderCertificate.isPlaceholder(served) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            served = served(port);
        }
        return served;
    }

    /** The leaf certificate nginx serves, whatever it is: the test looks at it, it does not trust it. */
    private static X509Certificate served(int port) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    @Test
    void saysThatSighupDoesNothingUnderNohupAndStillStopsOnSigterm() throws Exception {
        Files.writeString(file, "config_dir: " + configDir + "\ncertificates: []\n");
        try (RunningCertkeeper run = RunningCertkeeper.start(home, java.util.Map.of(), java.util.List.of("nohup"),
                "run", "--config", file.toString())) {
            run.awaitLine("SIGHUP does nothing: it was ignored when this process started", ORDER);
            run.awaitLine("keeping 0 certificates valid", ORDER);
            run.signal("TERM");
            assertThat(run.awaitExit(Duration.ofSeconds(20))).as(run.toString()).isZero();
        }
    }

    @Test
    void sigtermAbandonsAnOrderThatDoesNotFinishWithdrawsItsChallengeAndExitsZero() throws Exception {
        Path hooks = home.resolve("hooks.log");
        Path auth = ShellScripts.write(home, "auth.sh", "echo \"published $CERTBOT_TOKEN\" >> " + hooks, "sleep 600");
        Path cleanup = ShellScripts.write(home, "cleanup.sh", "echo \"withdrawn $CERTBOT_TOKEN\" >> " + hooks);
        Files.writeString(file, global("certificates:",
                "  - domains: [stuck.run.test]",
                "    challenge: {manual: {auth_hook: " + auth + ", cleanup_hook: " + cleanup + "}}"));

        try (RunningCertkeeper run = RunningCertkeeper.start(home, "run", "--config", file.toString())) {
            run.awaitLine("stuck\\.run\\.test: no certificate yet; ordering", ORDER);
            long deadline = System.nanoTime() + ORDER.toNanos();
            while (!(Files.exists(hooks) && Files.readString(hooks).startsWith("published")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            run.signal("TERM");
            assertThat(run.awaitExit(Duration.ofSeconds(30))).as(run.toString()).isZero();
            assertThat(run.out()).contains("abandoning the orders still in flight")
                    .contains("stuck.run.test: abandoned, certkeeper is stopping");
        }
        List<String> lines = Files.readAllLines(hooks);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).as("the token published is withdrawn").isEqualTo(lines.get(0).replace("published", "withdrawn"));
        assertThat(configDir.resolve("live/stuck.run.test")).doesNotExist();
    }
}
