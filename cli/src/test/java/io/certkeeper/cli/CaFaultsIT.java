package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.testing.FreePorts;
import io.certkeeper.acme.testing.Pebble;
import io.certkeeper.acme.testing.RequiresPebble;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A CA that misbehaves: rejects nonces, disappears mid-order, forgets accounts, validates slowly. */
@RequiresPebble
class CaFaultsIT {

    @TempDir
    Path home;

    private CliRun standalone(Pebble pebble, Path configDir, String... names) {
        return CliRun.run(home, CliArgs.certonly(pebble, configDir).standalone(pebble).domains(names));
    }

    @Test
    void tenOfTenSucceedWhenHalfOfAllNoncesAreRejected() throws Exception {
        try (Pebble pebble = Pebble.builder().httpPort(FreePorts.tcp()).nonceRejectPercent(50).start()) {
            Path configDir = home.resolve("certkeeper");
            for (int i = 1; i <= 10; i++) {
                CliRun run = standalone(pebble, configDir, "n" + i + ".nonce50.test");
                assertThat(run.exitCode()).as("run " + i + ": " + run + pebble.logs()).isZero();
            }
            assertThat(Files.readString(pebble.pebbleLog())).contains("reject 50% of good nonces");
        }
    }

    @Test
    void aCaThatStopsMidOrderIsReportedAsTemporaryAndNothingIsWritten() throws Exception {
        Path configDir = home.resolve("certkeeper");
        Path webroot = Files.createDirectory(home.resolve("www"));
        // Pebble's validation connects here and waits for an answer that never comes.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Pebble pebble = Pebble.builder().httpPort(silent.getLocalPort()).start()) {
            CompletableFuture.runAsync(() -> acceptForever(silent));
            CountDownLatch ordered = new CountDownLatch(1);
            StringWriter err = new LatchingWriter("Created order", ordered);
            CommandLine commandLine = Main.commandLine(CliRun.environment(home));
            commandLine.setErr(new PrintWriter(err, true));
            commandLine.setOut(new PrintWriter(new StringWriter(), true));

            String[] args = CliArgs.certonly(pebble, configDir).webroot(webroot).domains("gone.faults.test").toArray();
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> commandLine.execute(args));
            assertThat(ordered.await(30, TimeUnit.SECONDS)).as(err.toString()).isTrue();
            pebble.close();

            assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.toString()).isEqualTo(ExitCode.TEMPORARY);
            assertThat(err.toString()).contains("certkeeper: Cannot reach the CA", "try again");
        }
        assertThat(configDir.resolve("live")).doesNotExist();
        assertThat(configDir.resolve("archive")).doesNotExist();
        assertThat(webroot).as("the challenge file is cleaned up").isEmptyDirectory();
    }

    @Test
    void anAccountTheCaForgotIsRegisteredAgain() throws Exception {
        Path configDir = home.resolve("certkeeper");
        int listenPort = FreePorts.tcp();
        int httpPort = FreePorts.tcp();
        try (Pebble first = Pebble.builder().listenPort(listenPort).httpPort(httpPort).start()) {
            assertThat(standalone(first, configDir, "first.forgot.test").exitCode()).isZero();
        }
        try (Pebble restarted = Pebble.builder().listenPort(listenPort).httpPort(httpPort).start()) {
            CliRun run = standalone(restarted, configDir, "second.forgot.test");

            assertThat(run.exitCode()).as(run + restarted.logs()).isZero();
            assertThat(run.err()).contains("no longer knows account", "Registered account");
            IssuedFiles.of(configDir, "second.forgot.test").assertComplete(restarted.issuingRoot());
        }
    }

    @Test
    void aSlowValidationFinishesWithinTheDeadline() throws Exception {
        try (Pebble pebble = Pebble.builder().httpPort(FreePorts.tcp())
                .env("PEBBLE_VA_NOSLEEP", "0").env("PEBBLE_VA_SLEEPTIME", "3").start()) {
            Path configDir = home.resolve("certkeeper");
            CliRun run = standalone(pebble, configDir, "a.slow.test", "b.slow.test", "c.slow.test");

            assertThat(run.exitCode()).as(run + pebble.logs()).isZero();
            assertThat(Files.readString(pebble.pebbleLog())).contains("Setting maximum random VA sleep time to 3 seconds");
        }
    }

    private static void acceptForever(ServerSocket server) {
        List<Socket> held = new ArrayList<>();
        try {
            while (!server.isClosed()) {
                held.add(server.accept());
            }
        } catch (java.io.IOException e) {
            // closed at the end of the test
        }
    }

    /** Collects output and counts a latch down once a phrase has been written. */
    private static final class LatchingWriter extends StringWriter {
        private final String phrase;
        private final CountDownLatch latch;

        LatchingWriter(String phrase, CountDownLatch latch) {
            this.phrase = phrase;
            this.latch = latch;
        }

        @Override
        public void flush() {
            if (toString().contains(phrase)) {
                latch.countDown();
            }
        }
    }
}
