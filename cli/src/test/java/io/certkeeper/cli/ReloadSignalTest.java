package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certkeeper.acme.testing.LocalUser;
import io.certkeeper.acme.testing.RequiresSecondUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadSignalTest {

    @TempDir
    Path dir;

    @Test
    void signalsTheProcessThePidfileNamesWhenItIsTheProgramMeant() throws Exception {
        Path marker = dir.resolve("hup");
        Path ready = dir.resolve("ready");
        Process server = new ProcessBuilder("sh", "-c", "trap 'echo hup >> " + marker + "' HUP; touch " + ready
                + "; while true; do sleep 0.1; done").start();
        try {
            awaitFile(ready);
            Path pidfile = dir.resolve("server.pid");
            Files.writeString(pidfile, server.pid() + "\n");

            long pid = new ReloadSignal("HUP", pidfile, "sh").send();

            assertThat(pid).isEqualTo(server.pid());
            awaitFile(marker);
            assertThat(Files.readString(marker)).isEqualTo("hup\n");
            assertThat(server.isAlive()).as("HUP reloads, it does not stop").isTrue();
        } finally {
            server.destroyForcibly();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUnrelatedProcessIsNotSignalledAndTheMessageSaysWhatItIsAndTheKeyToSet() throws Exception {
        Process unrelated = new ProcessBuilder("sleep", "600").start();
        try {
            Path pidfile = Files.writeString(dir.resolve("nginx.pid"), unrelated.pid() + "\n");

            assertThatThrownBy(() -> new ReloadSignal("TERM", pidfile, ReloadSignal.DEFAULT_PROCESS).send())
                    .isInstanceOf(IOException.class)
                    .hasMessage("PID " + unrelated.pid() + " from " + pidfile + " is sleep, not nginx, so it was not signalled;"
                            + " if sleep is the server to reload, set reload.process: sleep in the certificates file");
            Thread.sleep(300);
            assertThat(unrelated.isAlive()).as("SIGTERM was not sent").isTrue();

            assertThat(new ReloadSignal("TERM", pidfile, "sleep").send()).as("named by its executable").isEqualTo(unrelated.pid());
            assertThat(unrelated.waitFor(10, TimeUnit.SECONDS)).as("then it is signalled").isTrue();
        } finally {
            unrelated.destroyForcibly();
            unrelated.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void neverSignalsInitOrCertkeeperItself() throws IOException {
        Path pidfile = dir.resolve("nginx.pid");
        Files.writeString(pidfile, "1\n");
        assertThatThrownBy(() -> new ReloadSignal("HUP", pidfile, "nginx").send()).hasMessageContaining("PID 1, the init process");
        assertThatThrownBy(() -> new ReloadSignal("HUP", pidfile, "systemd").send()).as("whatever it is")
                .hasMessageContaining("nothing was signalled");
        Files.writeString(pidfile, ProcessHandle.current().pid() + "\n");
        assertThatThrownBy(() -> new ReloadSignal("HUP", pidfile, "java").send()).hasMessageContaining("certkeeper itself");
    }

    @Test
    void aPidfileOthersMayWriteIsNotRead() throws IOException {
        Path pidfile = Files.writeString(dir.resolve("nginx.pid"), "999999999\n");
        Files.setPosixFilePermissions(pidfile, PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThatThrownBy(() -> new ReloadSignal("HUP", pidfile, "nginx").send())
                .hasMessage("Refusing the reload pidfile " + pidfile + ": " + pidfile + " is writable by group and others"
                        + " (rw-rw-rw-); run chmod go-w " + pidfile + "; nothing was signalled");
    }

    @Test
    @RequiresSecondUser
    void aPidfileAnotherUserCanWriteIsNotUsedEvenWhenItNamesTheProgramMeant() throws Exception {
        Process victim = new ProcessBuilder("sleep", "600").start(); // a process of root's
        try (LocalUser attacker = LocalUser.create()) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path run = attacker.own(Files.createDirectory(dir.resolve("run")));
            Path pidfile = run.resolve("server.pid");
            attacker.shell("echo " + victim.pid() + " > " + pidfile);

            assertThatThrownBy(() -> new ReloadSignal("TERM", pidfile, "sleep").send())
                    .hasMessage("Refusing the reload pidfile " + pidfile + ": " + run + " is owned by uid " + attacker.uid()
                            + ", not by root or the user certkeeper runs as (uid 0); run chown root " + run
                            + "; nothing was signalled");
            Thread.sleep(300);
            assertThat(victim.isAlive()).as("SIGTERM was not sent to root's process").isTrue();
        } finally {
            victim.destroyForcibly();
            victim.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void saysWhatIsWrongWithThePidfile() throws IOException {
        Path pidfile = dir.resolve("nginx.pid");
        assertThatThrownBy(() -> new ReloadSignal("HUP", pidfile, "nginx").send()).isInstanceOf(IOException.class)
                .hasMessageContaining("nginx.pid");
        Files.writeString(pidfile, "not a pid\n");
        assertThatThrownBy(() -> new ReloadSignal("HUP", pidfile, "nginx").send()).hasMessage(pidfile + " does not hold a process ID");
        Files.writeString(pidfile, "999999999\n");
        assertThatThrownBy(() -> new ReloadSignal("HUP", pidfile, "nginx").send())
                .hasMessage("no process 999999999 (from " + pidfile + "); is the server running?");
    }

    @Test
    void sendsOnlySignalsAServerReloadsOnToAProgramNamedByItsFileName() {
        assertThatThrownBy(() -> new ReloadSignal("KILL", dir.resolve("x.pid"), "nginx")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReloadSignal("STOP", dir.resolve("x.pid"), "nginx")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReloadSignal("HUP", dir.resolve("x.pid"), "/usr/sbin/nginx"))
                .hasMessageContaining("is not a program's name");
        assertThatThrownBy(() -> new ReloadSignal("HUP", dir.resolve("x.pid"), " ")).isInstanceOf(IllegalArgumentException.class);
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(file).exists();
    }
}
