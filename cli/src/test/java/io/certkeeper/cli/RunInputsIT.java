package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.testing.LocalUser;
import io.certkeeper.acme.testing.PebbleServer;
import io.certkeeper.acme.testing.RequiresPebble;
import io.certkeeper.acme.testing.RequiresSecondUser;
import io.certkeeper.acme.testing.ShellScripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certkeeper run} as root against a second, unprivileged local user who can write its
 * certificates file or its pidfile: the file is refused at start and on SIGHUP, so the user's
 * hooks never run as root, and the pidfile is not used to signal a process of root's. The
 * assembled launcher in its own process, a real Pebble, real signals.
 */
@RequiresPebble
@RequiresSecondUser
class RunInputsIT {

    private static final Duration ORDER = Duration.ofSeconds(60);

    @RegisterExtension
    static final PebbleServer pebble = PebbleServer.withDefaults();

    @TempDir
    Path home;

    private LocalUser attacker;
    private Path file;
    private Path pwned;
    private Path hook;

    @BeforeEach
    void attacker() throws Exception {
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x")); // the user may look in
        attacker = LocalUser.create();
        file = home.resolve("certificates.yml");
        pwned = home.resolve("pwned");
        // What the user would run as root: it leaves a mark only root could make.
        hook = ShellScripts.write(home, "pwn.sh", "id -u > " + pwned);
    }

    @AfterEach
    void removeAttacker() throws Exception {
        attacker.close();
    }

    private String global(String... more) {
        return """
                ca: %s
                ca_bundle: %s
                agree_tos: true
                config_dir: %s
                responder: {address: 127.0.0.2, port: %d}
                """.formatted(pebble.directoryUrl(), pebble.caBundle(), home.resolve("etc"), pebble.httpPort())
                + String.join("\n", more) + "\n";
    }

    /** A certificate whose challenge runs the user's program as soon as it is ordered. */
    private String appended(String name) {
        return "  - domains: [" + name + "]\n    challenge: {manual: {auth_hook: " + hook + "}}\n    deploy_hook: " + hook + "\n";
    }

    @Test
    void aFileOwnedByAnotherUserIsRefusedAtStartWithTheFix() throws Exception {
        Files.writeString(file, global("certificates:"));
        attacker.own(file);
        attacker.shell("printf '%s' '" + appended("evil.inputs.test") + "' >> " + file);

        try (RunningCertkeeper run = RunningCertkeeper.start(home, "run", "--config", file.toString())) {
            assertThat(run.awaitExit(ORDER)).as(run.toString()).isEqualTo(ExitCode.USAGE);
            assertThat(run.err()).contains("certkeeper: " + file + ": refused, since its hooks run as certkeeper's user: " + file
                    + " is owned by uid " + attacker.uid() + ", not by root or the user certkeeper runs as (uid 0); run chown root "
                    + file);
        }
        assertThat(pwned).as("the user's program never ran").doesNotExist();
    }

    @Test
    void aFileThatBecameWritableIsNotReloadedOnSighupAndItsHooksNeverRun() throws Exception {
        Files.writeString(file, global("certificates:", "  - domains: [good.inputs.test]", "    challenge: standalone"));
        pebble.get().resolve("good.inputs.test", "127.0.0.2");

        try (RunningCertkeeper run = RunningCertkeeper.start(home, "run", "--config", file.toString())) {
            run.awaitLine("good\\.inputs\\.test: issued, version 1", ORDER);

            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
            attacker.shell("printf '%s' '" + appended("evil.inputs.test") + "' >> " + file);
            assertThat(Files.readString(file)).as("the user could append").contains("evil.inputs.test");
            run.signal("HUP");

            run.awaitLine("not reloaded, the running configuration is kept: " + file + ": refused, since its hooks run as"
                    + " certkeeper's user: " + file + " is writable by group and others \\(rw-rw-rw-\\); run chmod go-w ", ORDER);
            Thread.sleep(2000);
            assertThat(run.out()).doesNotContain("evil.inputs.test");
            assertThat(pwned).as("the user's program never ran").doesNotExist();

            run.signal("TERM");
            assertThat(run.awaitExit(Duration.ofSeconds(20))).as(run.toString()).isZero();
        }
    }

    @Test
    void aPidfileTheUserCanWriteIsRefusedAtStartAndNoProcessIsSignalled() throws Exception {
        Process victim = new ProcessBuilder("sleep", "600").start(); // a process of root's
        try {
            Path run = attacker.own(Files.createDirectory(home.resolve("run")));
            Path pidfile = run.resolve("nginx.pid");
            attacker.shell("echo " + victim.pid() + " > " + pidfile);
            Files.writeString(file, global("reload: {signal: TERM, pidfile: " + pidfile + ", process: sleep}", "certificates: []"));

            try (RunningCertkeeper certkeeper = RunningCertkeeper.start(home, "run", "--config", file.toString())) {
                assertThat(certkeeper.awaitExit(ORDER)).as(certkeeper.toString()).isEqualTo(ExitCode.USAGE);
                assertThat(certkeeper.err()).contains(file + ":6: reload.pidfile: refused, as " + run + " is owned by uid "
                        + attacker.uid() + ", not by root or the user certkeeper runs as (uid 0); run chown root " + run);
            }
            assertThat(victim.isAlive()).as("SIGTERM was not sent to root's process").isTrue();
        } finally {
            victim.destroyForcibly();
            victim.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
