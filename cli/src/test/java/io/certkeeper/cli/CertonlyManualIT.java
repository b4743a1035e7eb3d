package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.testing.Nginx;
import io.certkeeper.acme.testing.PebbleServer;
import io.certkeeper.acme.testing.RequiresNginx;
import io.certkeeper.acme.testing.RequiresPebble;
import io.certkeeper.acme.testing.ShellScripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certkeeper certonly --manual} against a real Pebble with certbot-style hook scripts: the
 * auth hook writes {@code $CERTBOT_VALIDATION} to {@code $CERTBOT_TOKEN} under the directory a real
 * nginx serves on the port Pebble validates, as the setup certkeeper replaces did, and the cleanup
 * hook deletes it and records what it was given.
 */
@RequiresPebble
@RequiresNginx
class CertonlyManualIT {

    @RegisterExtension
    static final PebbleServer pebble = PebbleServer.withDefaults();

    @TempDir
    Path home;

    private CliRun certonly(Path configDir, String... extra) {
        return CliRun.run(home, CliArgs.certonly(pebble.get(), configDir).with("--manual").with(extra));
    }

    private Path script(String name, String... lines) throws IOException {
        return ShellScripts.write(home, name, lines);
    }

    /** A cleanup hook that deletes the token and prints every variable it was given, '|'-separated. */
    private Path cleanupScript(Path challenges) throws IOException {
        return script("cleanup.sh",
                "rm -f \"" + challenges + "/$CERTBOT_TOKEN\"",
                "printf '%s|%s|%s|%s|%s|%s\\n' \"$CERTBOT_DOMAIN\" \"$CERTBOT_TOKEN\" \"$CERTBOT_VALIDATION\""
                        + " \"$CERTBOT_REMAINING_CHALLENGES\" \"$CERTBOT_ALL_DOMAINS\" \"$CERTBOT_AUTH_OUTPUT\"");
    }

    @Test
    void issuesThroughCertbotStyleHookScripts() throws Exception {
        Path webroot = Files.createDirectory(home.resolve("www"));
        Path challenges = Files.createDirectories(webroot.resolve(".well-known/acme-challenge"));
        Path auth = script("auth.sh",
                "set -e",
                "printf '%s' \"$CERTBOT_VALIDATION\" > \"" + challenges + "/$CERTBOT_TOKEN\"",
                "echo \"published $CERTBOT_TOKEN\"");
        Path recorded = home.resolve("cleanup.log");
        Path configDir = home.resolve("certkeeper");

        try (Nginx nginx = Nginx.serve(webroot, pebble.httpPort())) {
            // The auth hook runs without a shell, the cleanup hook (a redirection) through one.
            CliRun run = certonly(configDir, "--manual-auth-hook", auth.toString(),
                    "--manual-cleanup-hook", cleanupScript(challenges) + " >> '" + recorded + "'",
                    "-d", "a.manual.test", "-d", "b.manual.test");

            assertThat(run.exitCode()).as(run + pebble.logs() + nginx.logs()).isZero();
            assertThat(Files.readString(nginx.accessLog())).contains("GET /.well-known/acme-challenge/");
        }
        IssuedFiles files = IssuedFiles.of(configDir, "a.manual.test");
        files.assertComplete(pebble.issuingRoot());
        assertThat(files.dnsNames()).containsExactlyInAnyOrder("a.manual.test", "b.manual.test");
        assertThat(challenges).as("the cleanup hook deleted every token").isEmptyDirectory();

        List<String[]> runs = Files.readAllLines(recorded).stream().map(line -> line.split("\\|", -1)).toList();
        assertThat(runs).extracting(fields -> fields[0]).containsExactlyInAnyOrder("a.manual.test", "b.manual.test");
        for (String[] fields : runs) {
            String domain = fields[0];
            String token = fields[1];
            List<String> all = Arrays.asList(fields[4].split(","));
            assertThat(all).as("CERTBOT_ALL_DOMAINS").containsExactlyInAnyOrder("a.manual.test", "b.manual.test");
            assertThat(fields[2]).as("CERTBOT_VALIDATION").startsWith(token + ".").hasSize(token.length() + 1 + 43);
            assertThat(fields[3]).as("CERTBOT_REMAINING_CHALLENGES of " + domain)
                    .isEqualTo(String.valueOf(all.size() - all.indexOf(domain) - 1));
            assertThat(fields[5]).as("CERTBOT_AUTH_OUTPUT").isEqualTo("published " + token);
        }
        assertThat(runs.get(0)[4]).isEqualTo(runs.get(1)[4]);
    }

    @Test
    void aFailingAuthHookStopsTheRunWithItsOwnError() throws Exception {
        Path challenges = Files.createDirectories(home.resolve("www/.well-known/acme-challenge"));
        Path auth = script("auth.sh",
                "echo \"trying $CERTBOT_TOKEN\"",
                "echo \"cannot write to /srv/www: Read-only file system\" >&2",
                "exit 2");
        Path recorded = home.resolve("cleanup.log");
        Path configDir = home.resolve("certkeeper");

        CliRun run = certonly(configDir, "--manual-auth-hook", auth.toString(),
                "--manual-cleanup-hook", cleanupScript(challenges) + " >> '" + recorded + "'",
                "-d", "a.failing.test,b.failing.test");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.errorLines()).as(run.toString()).singleElement().asString()
                .startsWith("certkeeper: The auth hook for ")
                .contains("\"" + auth + "\" failed with exit code 2: cannot write to /srv/www: Read-only file system");
        assertThat(configDir.resolve("live")).doesNotExist();
        assertThat(Files.readAllLines(recorded)).as("cleaned up once: the first name's auth hook ran, the second's never did")
                .singleElement().asString().endsWith("|trying " + Files.readAllLines(recorded).get(0).split("\\|")[1]);
    }
}
