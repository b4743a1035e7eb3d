package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.renewal.RenewalSettings;
import io.certkeeper.acme.renewal.RenewalSettingsStore;
import io.certkeeper.acme.store.CertificateStore;
import io.certkeeper.acme.store.Lineage;
import io.certkeeper.acme.store.StoreLock;
import io.certkeeper.acme.testing.Nginx;
import io.certkeeper.acme.testing.PebbleServer;
import io.certkeeper.acme.testing.RequiresNginx;
import io.certkeeper.acme.testing.RequiresPebble;
import io.certkeeper.acme.testing.ShellScripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certkeeper renew} against a real Pebble, for lineages obtained with {@code certonly
 * --webroot} behind a real nginx: a bare {@code renew} needs no flags, renews only what is due,
 * keeps every version, leaves everything alone in a dry run, and two runs at once renew once.
 */
@RequiresPebble
@RequiresNginx
class RenewIT {

    @RegisterExtension
    static final PebbleServer pebble = PebbleServer.withDefaults();

    @TempDir
    Path home;

    private Path webroot;
    private Path configDir;
    private Nginx nginx;

    @BeforeEach
    void serveWebroot() throws IOException {
        webroot = Files.createDirectory(home.resolve("www"));
        configDir = home.resolve("certkeeper");
        nginx = Nginx.serve(webroot, pebble.httpPort());
    }

    @AfterEach
    void stopNginx() {
        nginx.close();
    }

    private void certonly(String... domains) {
        certonlyWith(List.of(), domains);
    }

    private void certonlyWith(List<String> options, String... domains) {
        CliRun run = CliRun.run(home, CliArgs.certonly(pebble.get(), configDir).webroot(webroot)
                .with(options.toArray(String[]::new)).domains(domains));
        assertThat(run.exitCode()).as(run + pebble.logs() + nginx.logs()).isZero();
    }

    private CliRun renew(Clock clock, String... extra) {
        return CliRun.run(CliRun.environment(home, clock), CliArgs.of("renew").configDir(configDir).with(extra).toArray());
    }

    /** A clock one day before the current certificate of a lineage expires: it is due. */
    private Clock dueClock(String name) throws Exception {
        return Clock.fixed(IssuedFiles.of(configDir, name).leaf().getNotAfter().toInstant().minus(Duration.ofDays(1)), ZoneOffset.UTC);
    }

    @Test
    void bareRenewLeavesCertificatesThatAreNotDue() throws Exception {
        certonly("quiet.renew.test");

        CliRun run = renew(Clock.systemUTC());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("quiet.renew.test: not due").contains("0 renewed, 1 not due, 0 failed");
        assertThat(configDir.resolve("archive/quiet.renew.test/cert2.pem")).doesNotExist();
    }

    @Test
    void bareForcedRenewalReusesTheWebrootAndKeepsTheOldVersion() throws Exception {
        certonly("forced.renew.test", "www.forced.renew.test");
        X509Leaf first = X509Leaf.of(configDir, "forced.renew.test");

        CliRun run = renew(Clock.systemUTC(), "--force-renewal");

        assertThat(run.exitCode()).as(run + pebble.logs() + nginx.logs()).isZero();
        assertThat(run.out()).contains("forced.renew.test: renewed (--force-renewal), version 2");
        assertThat(Files.readSymbolicLink(configDir.resolve("live/forced.renew.test/fullchain.pem")))
                .hasToString("../../archive/forced.renew.test/fullchain2.pem");
        assertThat(configDir.resolve("archive/forced.renew.test/cert1.pem")).exists();
        IssuedFiles renewed = IssuedFiles.of(configDir, "forced.renew.test");
        renewed.assertComplete(pebble.issuingRoot());
        assertThat(renewed.dnsNames()).containsExactlyInAnyOrder("forced.renew.test", "www.forced.renew.test");
        assertThat(X509Leaf.of(configDir, "forced.renew.test").serial()).isNotEqualTo(first.serial());
        assertThat(Files.readString(nginx.accessLog())).contains("GET /.well-known/acme-challenge/");
        assertThat(webroot).isEmptyDirectory();
    }

    @Test
    void renewsANamedLineageOnceItIsDueAndNoOther() throws Exception {
        certonly("due.renew.test");
        certonly("other.renew.test");
        Clock due = dueClock("due.renew.test");

        CliRun run = renew(due, "--cert-name", "due.renew.test");

        assertThat(run.exitCode()).as(run + pebble.logs()).isZero();
        assertThat(run.out()).contains("due.renew.test: renewed (due for renewal: 24 hours of");
        assertThat(configDir.resolve("archive/due.renew.test/cert2.pem")).exists();
        assertThat(configDir.resolve("archive/other.renew.test/cert2.pem")).doesNotExist();
    }

    @Test
    void aPlaceholderIsReplacedWithoutForceAndItsKeyIsNotReused() throws Exception {
        String name = "placeholder.renew.test";
        certonlyWith(List.of("--reuse-key"), name); // for the settings and the account
        CertificateStore store = new CertificateStore(configDir);
        store.delete(name);
        RenewalSettings settings = new RenewalSettingsStore(configDir).find(name).orElseThrow();
        assertThat(settings.request().reuseKey()).isTrue();
        Lineage placeholder = store.savePlaceholder(settings.request(), Duration.ofDays(7), Clock.systemUTC()).orElseThrow();

        CliRun run = renew(Clock.systemUTC());

        assertThat(run.exitCode()).as(run + pebble.logs()).isZero();
        assertThat(run.out()).contains(name + ": renewed (only a placeholder so far), version 2");
        IssuedFiles.of(configDir, name).assertComplete(pebble.issuingRoot());
        Lineage real = store.find(name).orElseThrow();
        assertThat(real.placeholder()).isFalse();
        assertThat(real.leaf().getPublicKey()).isNotEqualTo(placeholder.leaf().getPublicKey());
    }

    @Test
    void dryRunOrdersButChangesNoFile() throws Exception {
        certonly("dry.renew.test");
        Map<String, String> before = snapshot(configDir);

        CliRun run = renew(Clock.systemUTC(), "--dry-run");

        assertThat(run.exitCode()).as(run + pebble.logs()).isZero();
        assertThat(run.out()).contains("dry.renew.test: dry run succeeded").contains("Dry run: 1 would be renewed");
        assertThat(run.err()).as("the order really ran").contains("Validated dry.renew.test");
        assertThat(snapshot(configDir)).isEqualTo(before);
    }

    @Test
    void certonlyDryRunSavesNothing() throws Exception {
        CliRun run = CliRun.run(home, CliArgs.certonly(pebble.get(), configDir).webroot(webroot)
                .domains("dry.certonly.test").with("--dry-run"));

        assertThat(run.exitCode()).as(run + pebble.logs()).isZero();
        assertThat(run.out()).contains("Dry run: a certificate for [dry.certonly.test] was issued and thrown away");
        assertThat(configDir.resolve("live")).doesNotExist();
        assertThat(configDir.resolve("archive")).doesNotExist();
        assertThat(configDir.resolve("certkeeper")).doesNotExist();
    }

    @Test
    void twoRunsAtOnceRenewOnce() throws Exception {
        certonly("twice.renew.test");

        // Forced, so that both would renew if they did not see each other's work. The lock is held
        // while they start, so that both have checked the lineage before either can renew it.
        CompletableFuture<CliRun> one;
        CompletableFuture<CliRun> two;
        try (StoreLock held = new CertificateStore(configDir).lock()) {
            one = CompletableFuture.supplyAsync(() -> renew(Clock.systemUTC(), "--force-renewal"));
            two = CompletableFuture.supplyAsync(() -> renew(Clock.systemUTC(), "--force-renewal"));
            Thread.sleep(3000);
        }
        CliRun first = one.get();
        CliRun second = two.get();

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(first.out() + second.out()).containsOnlyOnce("twice.renew.test: renewed")
                .containsOnlyOnce("twice.renew.test: not due (another run renewed it meanwhile, version 2)");
        assertThat(configDir.resolve("archive/twice.renew.test/cert2.pem")).exists();
        assertThat(configDir.resolve("archive/twice.renew.test/cert3.pem")).doesNotExist();
        IssuedFiles.of(configDir, "twice.renew.test").assertComplete(pebble.issuingRoot());
    }

    @Test
    void aFailingLineageDoesNotStopTheOthers() throws Exception {
        certonly("broken.renew.test");
        certonly("healthy.renew.test");
        Files.writeString(configDir.resolve("certkeeper/broken.renew.test.json"), "{ not json");

        CliRun run = renew(Clock.systemUTC(), "--force-renewal");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.IO);
        assertThat(run.errorLines()).singleElement().asString().startsWith("certkeeper: broken.renew.test: ")
                .contains("broken.renew.test.json are damaged");
        assertThat(run.out()).contains("healthy.renew.test: renewed").contains("1 renewed, 0 not due, 1 failed");
    }

    @Test
    void bareForcedRenewalOfAWebrootLineageRunsItsDeployHookOnceWithCertbotsVariables() throws Exception {
        Path record = home.resolve("deployed.txt");
        Path script = hookScript("deploy.sh", "printf '%s|%s\\n' \"$RENEWED_LINEAGE\" \"$RENEWED_DOMAINS\" >> " + record);
        certonlyWith(List.of("--deploy-hook", script.toString()), "hook.renew.test", "www.hook.renew.test");
        Files.deleteIfExists(record); // certonly ran it too; the renewal's run is what counts here

        CliRun run = renew(Clock.systemUTC(), "--force-renewal");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(Files.readAllLines(record)).containsExactly(
                configDir.resolve("live/hook.renew.test") + "|hook.renew.test www.hook.renew.test");
        for (String kind : List.of("cert", "chain", "fullchain", "privkey")) {
            assertThat(Files.readSymbolicLink(configDir.resolve("live/hook.renew.test/" + kind + ".pem")))
                    .hasToString("../../archive/hook.renew.test/" + kind + "2.pem");
            assertThat(configDir.resolve("archive/hook.renew.test/" + kind + "1.pem")).isRegularFile();
        }
        IssuedFiles.of(configDir, "hook.renew.test").assertComplete(pebble.issuingRoot());
    }

    @Test
    void runsPreAndPostHooksOnceAndOnlyWhenSomethingIsOrdered() throws Exception {
        Path record = home.resolve("hooks.txt");
        Path pre = hookScript("pre.sh", "echo pre >> " + record);
        Path post = hookScript("post.sh", "echo post >> " + record);
        certonly("one.renew.test");
        certonly("two.renew.test");

        CliRun idle = renew(Clock.systemUTC(), "--pre-hook", pre.toString(), "--post-hook", post.toString());
        assertThat(idle.exitCode()).as(idle.toString()).isZero();
        assertThat(record).as("nothing was due, so no hook ran").doesNotExist();

        CliRun run = renew(Clock.systemUTC(), "--force-renewal", "--pre-hook", pre.toString(), "--post-hook", post.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("2 renewed");
        assertThat(Files.readAllLines(record)).containsExactly("pre", "post");
    }

    @Test
    void aFailingDeployHookIsReportedAndTheCertificateStaysRenewed() throws Exception {
        certonly("deployfail.renew.test");
        Path script = hookScript("fail.sh", "echo 'nginx: configuration file test failed' >&2; exit 4");

        CliRun run = renew(Clock.systemUTC(), "--force-renewal", "--deploy-hook", script.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.errorLines()).singleElement().asString().startsWith("certkeeper: deployfail.renew.test: ")
                .contains("exit code 4").contains("nginx: configuration file test failed");
        assertThat(Files.readSymbolicLink(configDir.resolve("live/deployfail.renew.test/cert.pem")))
                .hasToString("../../archive/deployfail.renew.test/cert2.pem");
    }

    @Test
    void saysHowToRegisterWhenTheAccountIsGone() throws Exception {
        certonly("noaccount.renew.test");
        CliRun deactivate = CliRun.run(home, CliArgs.of("account", "deactivate", "-n").ca(pebble.get()).configDir(configDir));
        assertThat(deactivate.exitCode()).as(deactivate.toString()).isZero();

        CliRun run = renew(Clock.systemUTC(), "--force-renewal");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.errorLines()).singleElement().asString().startsWith("certkeeper: noaccount.renew.test: No usable account")
                .contains("certkeeper account register --server " + pebble.directoryUrl() + " --agree-tos");
        assertThat(configDir.resolve("archive/noaccount.renew.test/cert2.pem")).doesNotExist();
    }

    private Path hookScript(String name, String body) throws IOException {
        return ShellScripts.write(home, name, body);
    }

    private static Map<String, String> snapshot(Path dir) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.toList()) {
                String key = dir.relativize(path).toString();
                if (key.equals(".certkeeper.lock")) {
                    continue;
                }
                if (Files.isSymbolicLink(path)) {
                    files.put(key, "-> " + Files.readSymbolicLink(path));
                } else if (Files.isRegularFile(path)) {
                    files.put(key, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path))));
                } else {
                    files.put(key, "dir");
                }
            }
        }
        return files;
    }

    /** The serial number of a lineage's current certificate. */
    private record X509Leaf(java.math.BigInteger serial) {
        static X509Leaf of(Path configDir, String name) throws Exception {
            return new X509Leaf(IssuedFiles.of(configDir, name).leaf().getSerialNumber());
        }
    }
}
