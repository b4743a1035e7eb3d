package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.testing.PebbleServer;
import io.certkeeper.acme.testing.Prerequisites;
import io.certkeeper.acme.testing.RequiresPebble;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.toolbox.JSON;

/**
 * {@code certkeeper certificates} and {@code certkeeper delete} on lineages obtained from a real
 * Pebble with {@code certonly --standalone}: the JSON agrees with what openssl reads from the
 * files, and a deleted lineage is gone from disk and from the list.
 */
@RequiresPebble
class CertificatesIT {

    @RegisterExtension
    static final PebbleServer pebble = PebbleServer.withDefaults();

    @TempDir
    Path home;

    private Path configDir() {
        return home.resolve("certkeeper");
    }

    private void certonly(String... extra) {
        CliRun run = CliRun.run(home, CliArgs.certonly(pebble.get(), configDir()).standalone(pebble.get()).with(extra));
        assertThat(run.exitCode()).as(run + pebble.logs()).isZero();
    }

    private CliRun run(String... args) {
        return CliRun.run(home, CliArgs.of(args).configDir(configDir()));
    }

    @Test
    void jsonAgreesWithOpensslForEveryLineage() throws Exception {
        certonly("-d", "ec.list.test", "-d", "www.ec.list.test");
        certonly("-d", "rsa.list.test", "--key-type", "rsa");

        CliRun run = run("certificates", "--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JSON json = JSON.parse(run.out());
        assertThat(json.get("configDir").asString()).isEqualTo(configDir().toString());
        List<JSON> certificates = json.get("certificates").asArray().stream().map(JSON.Value::asObject).toList();
        assertThat(certificates).extracting(c -> c.get("name").asString()).containsExactly("ec.list.test", "rsa.list.test");
        for (JSON certificate : certificates) {
            Path cert = Path.of(certificate.get("paths").asObject().get("cert").asString());
            assertThat(certificate.get("notAfter").asInstant()).as(certificate.get("name").asString())
                    .isEqualTo(opensslEndDate(cert));
            assertThat(certificate.get("server").asString()).isEqualTo(pebble.directoryUrl().toString());
            assertThat(certificate.get("challenge").asString()).isEqualTo("standalone");
            assertThat(certificate.get("settings").asString()).isEqualTo("present");
            assertThat(certificate.get("version").asInt()).isEqualTo(1);
            assertThat(certificate.get("renewal").asObject().get("due").asBoolean()).isFalse();
            assertThat(certificate.get("errors").asArray()).isEmpty();
        }
        assertThat(certificates.get(0).get("domains").asArray().stream().map(JSON.Value::asString))
                .containsExactlyInAnyOrder("ec.list.test", "www.ec.list.test");
        assertThat(certificates.get(0).get("keyType").asString()).isEqualTo("ecdsa secp256r1");
        assertThat(certificates.get(1).get("keyType").asString()).isEqualTo("rsa 2048");
        assertThat(certificates.get(0).get("paths").asObject().get("fullchain").asString())
                .isEqualTo(configDir().resolve("live/ec.list.test/fullchain.pem").toString());
    }

    @Test
    void deleteRemovesEverythingAndTheListForgetsIt() throws Exception {
        certonly("-d", "gone.list.test");
        certonly("-d", "kept.list.test");

        CliRun delete = run("delete", "-n", "--cert-name", "gone.list.test");

        assertThat(delete.exitCode()).as(delete.toString()).isZero();
        assertThat(delete.out()).contains("Deleted certificate gone.list.test: " + configDir().resolve("live/gone.list.test") + ", "
                + configDir().resolve("archive/gone.list.test") + ", " + configDir().resolve("certkeeper/gone.list.test.json") + ".")
                .contains("will fail to start or reload now");
        assertThat(configDir().resolve("live/gone.list.test")).doesNotExist();
        assertThat(configDir().resolve("archive/gone.list.test")).doesNotExist();
        assertThat(configDir().resolve("certkeeper/gone.list.test.json")).doesNotExist();
        CliRun list = run("certificates");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("Certificate Name: kept.list.test").doesNotContain("gone.list.test");
        IssuedFiles.of(configDir(), "kept.list.test").assertComplete(pebble.issuingRoot());
    }

    @Test
    void deleteWithoutATerminalAndWithoutDashNRemovesNothing() throws Exception {
        certonly("-d", "asked.list.test");
        Map<String, String> before = listing(configDir());

        CliRun delete = run("delete", "--cert-name", "asked.list.test");

        assertThat(delete.exitCode()).as(delete.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(delete.errorLines()).singleElement().asString().contains("pass -n to delete without being asked");
        assertThat(listing(configDir())).isEqualTo(before);
        assertThat(run("certificates").out()).contains("Certificate Name: asked.list.test");
    }

    /** What openssl reads as the certificate's notAfter, run as its own process. */
    private static Instant opensslEndDate(Path cert) throws IOException, InterruptedException {
        Path program = Prerequisites.require("openssl", "openssl");
        Process openssl = new ProcessBuilder(program.toString(), "x509", "-enddate", "-noout", "-in", cert.toString())
                .redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(openssl.exitValue()).as(output).isZero();
        assertThat(output).startsWith("notAfter=");
        // "notAfter=Mar  3 10:15:30 2027 GMT": the day is padded with a space
        DateTimeFormatter format = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy zzz", Locale.ENGLISH);
        return ZonedDateTime.parse(output.substring("notAfter=".length()), format).toInstant();
    }

    private static Map<String, String> listing(Path dir) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.toList()) {
                entries.put(dir.relativize(path).toString(), Files.isSymbolicLink(path) ? "link"
                        : Files.isDirectory(path) ? "dir" : String.valueOf(Files.size(path)));
            }
        }
        return entries;
    }
}
