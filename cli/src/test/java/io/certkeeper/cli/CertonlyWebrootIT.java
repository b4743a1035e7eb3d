package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.testing.Nginx;
import io.certkeeper.acme.testing.PebbleServer;
import io.certkeeper.acme.testing.RequiresNginx;
import io.certkeeper.acme.testing.RequiresPebble;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certkeeper certonly --webroot} against a real Pebble, with a real nginx serving the
 * webroot on the port Pebble validates, as in a deployment behind nginx.
 */
@RequiresPebble
@RequiresNginx
class CertonlyWebrootIT {

    @RegisterExtension
    static final PebbleServer pebble = PebbleServer.withDefaults();

    @TempDir
    Path home;

    private CliRun certonly(Path configDir, String... extra) {
        return CliRun.run(home, CliArgs.certonly(pebble.get(), configDir).with("--webroot").with(extra));
    }

    @Test
    void issuesThroughTheDirectoryNginxServes() throws Exception {
        Path webroot = Files.createDirectory(home.resolve("www"));
        Path configDir = home.resolve("certkeeper");
        try (Nginx nginx = Nginx.serve(webroot, pebble.httpPort())) {
            CliRun run = certonly(configDir, "-w", webroot.toString(), "-d", "a.webroot.test,b.webroot.test");

            assertThat(run.exitCode()).as(run + pebble.logs() + nginx.logs()).isZero();
            assertThat(Files.readString(nginx.accessLog())).contains("GET /.well-known/acme-challenge/");
        }
        IssuedFiles files = IssuedFiles.of(configDir, "a.webroot.test");
        files.assertComplete(pebble.issuingRoot());
        assertThat(files.dnsNames()).containsExactlyInAnyOrder("a.webroot.test", "b.webroot.test");
        assertThat(webroot).as("tokens and the directories certkeeper created are cleaned up").isEmptyDirectory();
    }

    @Test
    void givesEachNameTheWebrootBeforeIt() throws Exception {
        Path served = Files.createDirectories(home.resolve("served"));
        Path other = Files.createDirectories(home.resolve("other/.well-known/acme-challenge"));
        Path configDir = home.resolve("certkeeper");
        try (Nginx nginx = Nginx.serve(served, pebble.httpPort())) {
            // Only "served" is reachable: the name bound to "other" must fail, proving -w applies per name.
            CliRun run = certonly(configDir, "-w", served.toString(), "-d", "ok.webroot.test",
                    "-w", home.resolve("other").toString(), "-d", "unserved.webroot.test");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.VALIDATION);
            assertThat(run.errorLines()).singleElement().asString().contains("unserved.webroot.test")
                    .doesNotContain("ok.webroot.test (");
        }
        assertThat(other).isEmptyDirectory();
        assertThat(configDir.resolve("live")).doesNotExist();
    }
}
