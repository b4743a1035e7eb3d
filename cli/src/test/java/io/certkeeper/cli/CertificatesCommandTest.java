package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.CertificateRequest;
import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.renewal.RenewalWindow;
import io.certkeeper.acme.store.CertificateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.toolbox.JSON;

/** {@code certkeeper certificates} on a store written directly: offline, with a fixed clock. */
class CertificatesCommandTest {

    private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOW = ISSUED.plus(Duration.ofDays(10));

    @TempDir
    Path home;

    private Path configDir;
    private LineageFixture fixture;

    @BeforeEach
    void store() {
        configDir = home.resolve("certkeeper");
        fixture = new LineageFixture(configDir);
    }

    private CliRun certificates(String... extra) {
        List<String> args = new ArrayList<>(List.of("certificates", "--config-dir", configDir.toString()));
        args.addAll(List.of(extra));
        return CliRun.run(CliRun.environment(home, Clock.fixed(NOW, ZoneOffset.UTC)), args.toArray(String[]::new));
    }

    @Test
    void listsEachLineageInCertbotsStyle() throws Exception {
        fixture.save("a.example.test", KeySpec.EC_P256, ISSUED, ISSUED.plus(Duration.ofDays(90)), "a.example.test", "www.a.example.test");
        fixture.settings("a.example.test", Optional.empty(), "a.example.test", "www.a.example.test");
        fixture.save("b.example.test", KeySpec.RSA_2048, ISSUED, ISSUED.plus(Duration.ofDays(6)), "b.example.test");

        CliRun run = certificates();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        Path live = configDir.resolve("live");
        assertThat(run.out()).startsWith("Found the following certificates in " + configDir + ":\n").contains(
                "  Certificate Name: a.example.test\n"
                + "    Domains: a.example.test www.a.example.test\n"
                + "    Key Type: ecdsa secp256r1\n",
                "    Not Before: 2026-01-01 00:00:00 UTC\n"
                + "    Expiry Date: 2026-04-01 00:00:00 UTC (VALID: 80 days)\n"
                + "    Renewal: not due until 2026-03-02 00:00:00 UTC (lifetime rule: 80 days of 90 days left)\n"
                + "    CA Server: " + LineageFixture.CA + "\n"
                + "    Challenge: webroot, /var/www/html\n"
                + "    Profile: the CA's default\n"
                + "    Version: 1\n"
                + "    Certificate Path: " + live.resolve("a.example.test/fullchain.pem") + "\n"
                + "    Private Key Path: " + live.resolve("a.example.test/privkey.pem") + "\n"
                + "    Cert Path: " + live.resolve("a.example.test/cert.pem") + "\n"
                + "    Chain Path: " + live.resolve("a.example.test/chain.pem") + "\n",
                "  Certificate Name: b.example.test\n",
                "    Key Type: rsa 2048\n",
                "    Expiry Date: 2026-01-07 00:00:00 UTC (INVALID: EXPIRED)\n"
                + "    Renewal: DUE since 2026-01-04 00:00:00 UTC (lifetime rule: expired 4 days ago)\n"
                + "    Renewal Settings: no renewal settings; certkeeper renew cannot renew it until certkeeper certonly is run"
                + " once for its names\n");
        assertThat(run.out().indexOf("a.example.test")).isLessThan(run.out().indexOf("b.example.test"));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void theCachedAriWindowDecides() throws Exception {
        fixture.save("ari.example.test", KeySpec.EC_P256, ISSUED, ISSUED.plus(Duration.ofDays(90)), "ari.example.test");
        Instant start = NOW.minus(Duration.ofDays(2));
        fixture.settings("ari.example.test", Optional.of(new RenewalWindow(start, start.plus(Duration.ofDays(1)), Optional.empty(),
                start, start.plus(Duration.ofHours(6)))), "ari.example.test");

        CliRun text = certificates();
        CliRun json = certificates("--json");

        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).containsPattern("Renewal: DUE since 2026-01-0[89] \\S+ UTC \\(the CA's renewal window \\(ARI\\) is"
                + " 2026-01-09 00:00 UTC to 2026-01-10 00:00 UTC\\)");
        JSON renewal = certificate(json, 0).get("renewal").asObject();
        assertThat(renewal.get("due").asBoolean()).isTrue();
        assertThat(renewal.get("basis").asString()).isEqualTo("ari");
        assertThat(renewal.get("dueAt").asInstant()).isBetween(start, start.plus(Duration.ofDays(1)));
        assertThat(renewal.get("window").asObject().get("start").asInstant()).isEqualTo(start);
        assertThat(renewal.get("window").asObject().get("explanation").isPresent()).isFalse();
    }

    @Test
    void jsonHasEveryFieldInItsOrder() throws Exception {
        fixture.save("a.example.test", KeySpec.EC_P384, ISSUED, ISSUED.plus(Duration.ofDays(45)), "a.example.test");
        fixture.settings("a.example.test", Optional.empty(), "a.example.test");

        CliRun run = certificates("--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(fieldsInOrder(run.out(), "configDir", "checkedAt", "certificates")).isTrue();
        assertThat(fieldsInOrder(run.out(), "name", "domains", "keyType", "serial", "notBefore", "notAfter", "daysLeft", "expired",
                "placeholder", "renewal", "due", "dueAt", "basis", "reason", "window", "settings", "server", "challenge", "profile", "version", "paths", "cert",
                "chain", "fullchain", "privkey", "errors")).isTrue();
        JSON json = JSON.parse(run.out());
        assertThat(json.get("checkedAt").asString()).isEqualTo("2026-01-11T00:00:00Z");
        JSON certificate = certificate(run, 0);
        assertThat(certificate.keySet()).hasSize(17);
        assertThat(certificate.get("keyType").asString()).isEqualTo("ecdsa secp384r1");
        assertThat(certificate.get("notBefore").asString()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(certificate.get("notAfter").asString()).isEqualTo("2026-02-15T00:00:00Z");
        assertThat(certificate.get("daysLeft").asInt()).isEqualTo(35);
        assertThat(certificate.get("expired").asBoolean()).isFalse();
        assertThat(certificate.get("placeholder").asBoolean()).isFalse();
        assertThat(certificate.get("renewal").asObject().get("dueAt").asString()).isEqualTo("2026-01-31T00:00:00Z");
        assertThat(certificate.get("renewal").asObject().get("basis").asString()).isEqualTo("lifetime");
        assertThat(certificate.get("settings").asString()).isEqualTo("present");
        assertThat(certificate.get("server").asString()).isEqualTo(LineageFixture.CA);
        assertThat(certificate.get("challenge").asString()).isEqualTo("webroot");
        assertThat(certificate.get("version").asInt()).isEqualTo(1);
        assertThat(certificate.get("paths").asObject().get("privkey").asString())
                .isEqualTo(configDir.resolve("live/a.example.test/privkey.pem").toString());
        assertThat(certificate.get("errors").asArray()).isEmpty();
    }

    @Test
    void aPlaceholderIsNeverValidAndIsDue() throws Exception {
        Instant written = NOW.minus(Duration.ofDays(1));
        new CertificateStore(configDir).savePlaceholder(new CertificateRequest("p.example.test",
                List.of(DomainName.of("p.example.test")), KeySpec.EC_P256), Duration.ofDays(7), Clock.fixed(written, ZoneOffset.UTC));
        fixture.settings("p.example.test", Optional.empty(), "p.example.test");

        CliRun text = certificates();
        CliRun json = certificates("--json");

        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).contains("    Domains: p.example.test\n",
                "    Not Before: 2026-01-09 23:59:00 UTC\n"
                + "    Expiry Date: 2026-01-17 00:00:00 UTC (INVALID: placeholder, not issued by a CA)\n"
                + "    Renewal: DUE since 2026-01-09 23:59:00 UTC (a placeholder, not issued by a CA)\n")
                .doesNotContain("(VALID: ");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        JSON certificate = certificate(json, 0);
        assertThat(certificate.get("placeholder").asBoolean()).isTrue();
        assertThat(certificate.get("expired").asBoolean()).isFalse();
        JSON renewal = certificate.get("renewal").asObject();
        assertThat(renewal.get("due").asBoolean()).isTrue();
        assertThat(renewal.get("basis").asString()).isEqualTo("placeholder");
        assertThat(renewal.get("dueAt").asString()).isEqualTo("2026-01-09T23:59:00Z");
        assertThat(renewal.get("reason").asString()).isEqualTo("a placeholder, not issued by a CA");
    }

    @Test
    void aDamagedLineageOrSettingsFileIsReportedAndTheOthersAreListed() throws Exception {
        for (String name : List.of("a.example.test", "broken.example.test", "damaged.example.test", "z.example.test")) {
            fixture.save(name, KeySpec.EC_P256, ISSUED, ISSUED.plus(Duration.ofDays(90)), name);
            fixture.settings(name, Optional.empty(), name);
        }
        Files.delete(configDir.resolve("archive/broken.example.test/privkey1.pem"));
        Files.writeString(configDir.resolve("certkeeper/damaged.example.test.json"), "{ not json");

        CliRun text = certificates();
        CliRun json = certificates("--json");

        assertThat(text.exitCode()).as(text.toString()).isEqualTo(ExitCode.IO);
        assertThat(text.out()).contains("Certificate Name: a.example.test", "Certificate Name: z.example.test",
                "Certificate Name: broken.example.test", "Certificate Name: damaged.example.test",
                "Renewal Settings: damaged (see the problem below)");
        assertThat(text.out()).containsPattern("Certificate Name: broken.example.test\n    CA Server: .*\n    Challenge: .*\n    Profile: .*\n"
                + "    Problem: .*privkey1.pem");
        assertThat(text.errorLines()).hasSize(2);
        assertThat(text.errorLines().get(0)).startsWith("certkeeper: broken.example.test: ").contains("privkey1.pem");
        assertThat(text.errorLines().get(1)).startsWith("certkeeper: damaged.example.test: ").contains("damaged.example.test.json");

        assertThat(json.exitCode()).as(json.toString()).isEqualTo(ExitCode.IO);
        JSON broken = certificate(json, 1);
        assertThat(broken.get("name").asString()).isEqualTo("broken.example.test");
        assertThat(broken.get("notAfter").isPresent()).isFalse();
        assertThat(broken.get("settings").asString()).isEqualTo("present");
        assertThat(broken.get("errors").asArray()).singleElement().satisfies(e -> assertThat(e.asString()).contains("privkey1.pem"));
        JSON damaged = certificate(json, 2);
        assertThat(damaged.get("settings").asString()).isEqualTo("damaged");
        assertThat(damaged.get("server").isPresent()).isFalse();
        assertThat(damaged.get("notAfter").asString()).isEqualTo("2026-04-01T00:00:00Z");
        assertThat(damaged.get("errors").asArray()).hasSize(1);
        assertThat(certificate(json, 3).get("errors").asArray()).isEmpty();
    }

    @Test
    void certNameListsOneAndAnUnknownNameIsBadInput() throws Exception {
        fixture.save("a.example.test", KeySpec.EC_P256, ISSUED, ISSUED.plus(Duration.ofDays(90)), "a.example.test");
        fixture.save("b.example.test", KeySpec.EC_P256, ISSUED, ISSUED.plus(Duration.ofDays(90)), "b.example.test");

        CliRun one = certificates("--cert-name", "b.example.test");
        CliRun unknown = certificates("--cert-name", "c.example.test");

        assertThat(one.exitCode()).as(one.toString()).isZero();
        assertThat(one.out()).contains("Certificate Name: b.example.test").doesNotContain("a.example.test");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unknown.errorLines()).singleElement().asString().contains("no certificate named c.example.test");
    }

    @Test
    void anEmptyStoreHasNoCertificates() {
        CliRun text = certificates();
        CliRun json = certificates("--json");

        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).isEqualTo("No certificates found in " + configDir + ".\n");
        assertThat(json.exitCode()).isZero();
        assertThat(JSON.parse(json.out()).get("certificates").asArray()).isEmpty();
        assertThat(configDir).as("listing creates nothing").doesNotExist();
    }

    @Test
    void theReadmeShowsTheFieldsAndLabelsAsTheyAre() throws Exception {
        fixture.save("example.com", KeySpec.EC_P256, ISSUED, ISSUED.plus(Duration.ofDays(90)), "example.com", "www.example.com");
        fixture.settings("example.com", Optional.empty(), "example.com", "www.example.com");
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher json = Pattern.compile("```json\n(\\{\n  \"configDir\".*?)```", Pattern.DOTALL).matcher(readme);
        Matcher text = Pattern.compile("```\n(Found the following certificates.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(json.find()).as("README has the --json example").isTrue();
        assertThat(text.find()).as("README has the text example").isTrue();

        assertThat(keys(json.group(1))).isEqualTo(keys(certificates("--json").out()));
        assertThat(labels(text.group(1))).isEqualTo(labels(certificates().out()));
    }

    /** Every key of a JSON text, in order. */
    private static List<String> keys(String json) {
        return Pattern.compile("\"(\\w+)\":").matcher(json).results().map(m -> m.group(1)).toList();
    }

    /** The label of every line of the text output after the heading, in order, with its indentation. */
    private static List<String> labels(String text) {
        return text.lines().skip(1).map(line -> line.substring(0, line.indexOf(": "))).toList();
    }

    private static JSON certificate(CliRun run, int index) {
        return JSON.parse(run.out()).get("certificates").asArray().get(index).asObject();
    }

    /** Whether the keys first appear in the text in this order. */
    private static boolean fieldsInOrder(String text, String... keys) {
        int at = -1;
        for (String key : keys) {
            int next = text.indexOf("\"" + key + "\":", at + 1);
            if (next < 0) {
                return false;
            }
            at = next;
        }
        return true;
    }
}
