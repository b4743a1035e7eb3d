package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.testing.FreePorts;
import io.certkeeper.acme.testing.Nginx;
import io.certkeeper.acme.testing.RequiresNginx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code certkeeper nginx-snippet} prints, put into a real nginx's configuration: the
 * location block serves the challenge files certkeeper writes and nothing else, and nginx loads
 * the certificate lines.
 */
@RequiresNginx
class NginxSnippetIT {

    private static final String TOKEN = "Xy-9_token0FwQx";
    private static final String KEY_AUTHORIZATION = TOKEN + ".thumbprint-of-the-account-key";

    @TempDir
    Path home;

    /** The printed location block in a server block whose other paths answer 404, as a user writes it. */
    private Nginx serveSnippetFor(Path webroot) {
        CliRun run = CliRun.run(home, "nginx-snippet", "-w", webroot.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return Nginx.serve(webroot, run.out() + "\nlocation / {\n    return 404;\n}\n");
    }

    private static void writeToken(Path webroot) throws IOException {
        Path challenges = Files.createDirectories(webroot.resolve(".well-known/acme-challenge"));
        Files.writeString(challenges.resolve(TOKEN), KEY_AUTHORIZATION);
    }

    @Test
    void servesTheChallengeFilesAndNothingElse() throws Exception {
        Path webroot = Files.createDirectories(home.resolve("srv/www"));
        writeToken(webroot);
        Files.writeString(webroot.resolve("secret"), "inside the webroot");
        Files.writeString(home.resolve("srv/secret"), "outside the webroot");

        try (Nginx nginx = serveSnippetFor(webroot)) {
            Response token = get(nginx, "/.well-known/acme-challenge/" + TOKEN);
            assertThat(token.status()).as(token + nginx.logs()).isEqualTo(200);
            assertThat(token.body()).isEqualTo(KEY_AUTHORIZATION);
            assertThat(token.head()).containsIgnoringCase("Content-Type: text/plain");
            assertThat(get(nginx, "/.well-known/acme-challenge/unknown-token").status()).isEqualTo(404);

            for (String escape : new String[] {"/.well-known/acme-challenge/../secret",
                    "/.well-known/acme-challenge/../../secret", "/.well-known/acme-challenge/../../../secret",
                    "/.well-known/acme-challenge/%2e%2e/%2e%2e/secret", "/.well-known/acme-challenge/..%2f..%2fsecret"}) {
                Response response = get(nginx, escape);
                assertThat(response.status()).as(escape + " -> " + response).isIn(400, 404);
                assertThat(response.body()).as(escape).doesNotContain("webroot");
            }
        }
    }

    @Test
    void servesAWebrootWhosePathNeedsQuoting() throws Exception {
        Path webroot = Files.createDirectories(home.resolve("my site;{x} \"q\" 'a' #b \\t é"));
        writeToken(webroot);

        try (Nginx nginx = serveSnippetFor(webroot)) {
            Response token = get(nginx, "/.well-known/acme-challenge/" + TOKEN);

            assertThat(token.status()).as(token + nginx.logs()).isEqualTo(200);
            assertThat(token.body()).isEqualTo(KEY_AUTHORIZATION);
        }
    }

    @Test
    void nginxLoadsTheCertificateLines() throws Exception {
        Path configDir = home.resolve("config dir \"with\" quotes;");
        new LineageFixture(configDir).save("tls.example.test", KeySpec.EC_P256, Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(90)), "tls.example.test");
        CliRun present = CliRun.run(home, "nginx-snippet", "--cert-name", "tls.example.test", "--config-dir", configDir.toString());
        CliRun absent = CliRun.run(home, "nginx-snippet", "--cert-name", "none.example.test", "--config-dir", configDir.toString());
        assertThat(present.exitCode()).as(present.toString()).isZero();
        assertThat(absent.exitCode()).as(absent.toString()).isZero();

        String output = Nginx.checkConfig(tlsServer(present.out()));

        assertThat(output).contains("test is successful").doesNotContain("[warn]");
        // The check above means something only if nginx -t reads the files the lines name.
        assertThatThrownBy(() -> Nginx.checkConfig(tlsServer(absent.out())))
                .hasMessageContaining("none.example.test/fullchain.pem");
    }

    private static String tlsServer(String certificateLines) {
        return "server {\n    listen 127.0.0.1:" + FreePorts.tcp() + " ssl;\n    server_name tls.example.test;\n"
                + certificateLines.indent(4) + "}\n";
    }

    /** One HTTP/1.0 request with the path sent exactly as given: an HTTP client would normalise "..". */
    private static Response get(Nginx nginx, String rawPath) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), nginx.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + rawPath + " HTTP/1.0\r\nHost: example.test\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            String head = end < 0 ? response : response.substring(0, end);
            String body = end < 0 ? "" : response.substring(end + 4);
            return new Response(Integer.parseInt(head.split(" ", 3)[1]), head, body);
        }
    }

    /**
     * What nginx answered.
     *
     * @param status the status code
     * @param head the status line and headers
     * @param body the body
     */
    private record Response(int status, String head, String body) {
    }
}
