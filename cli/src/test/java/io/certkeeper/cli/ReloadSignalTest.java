package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadSignalTest {

    @TempDir
    Path dir;

    @Test
    void signalsTheProcessThePidfileNames() throws Exception {
        Path marker = dir.resolve("hup");
        Path ready = dir.resolve("ready");
        Process server = new ProcessBuilder("sh", "-c", "trap 'echo hup >> " + marker + "' HUP; touch " + ready
                + "; while true; do sleep 0.1; done").start();
        try {
            awaitFile(ready);
            Path pidfile = dir.resolve("server.pid");
            Files.writeString(pidfile, server.pid() + "\n");

            long pid = new ReloadSignal("HUP", pidfile).send();

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
    void saysWhatIsWrongWithThePidfile() throws IOException {
        Path pidfile = dir.resolve("nginx.pid");
        assertThatThrownBy(() -> new ReloadSignal("HUP", pidfile).send()).isInstanceOf(IOException.class)
                .hasMessageContaining("nginx.pid");
        Files.writeString(pidfile, "not a pid\n");
        assertThatThrownBy(() -> new ReloadSignal("HUP", pidfile).send()).hasMessage(pidfile + " does not hold a process ID");
        Files.writeString(pidfile, "999999999\n");
        assertThatThrownBy(() -> new ReloadSignal("HUP", pidfile).send()).hasMessageContaining("kill -s HUP 999999999")
                .hasMessageContaining("failed");
    }

    @Test
    void sendsOnlySignalsAServerReloadsOn() {
        assertThatThrownBy(() -> new ReloadSignal("KILL", dir.resolve("x.pid"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReloadSignal("STOP", dir.resolve("x.pid"))).isInstanceOf(IllegalArgumentException.class);
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(file).exists();
    }
}
