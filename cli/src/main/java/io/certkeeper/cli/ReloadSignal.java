package io.certkeeper.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A signal sent to the process named by a pidfile after a certificate changed, such as
 * {@code HUP} to nginx's {@code /run/nginx.pid}, so that it serves the new certificate.
 *
 * @param signal the signal's name without {@code SIG}
 * @param pidfile the file holding the process ID
 */
record ReloadSignal(String signal, Path pidfile) {

    /** The signals a server reloads or reopens on; others (KILL, STOP, …) are refused. */
    static final List<String> SIGNALS = List.of("HUP", "USR1", "USR2", "WINCH", "QUIT", "TERM", "INT");

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if the signal is not one of {@link #SIGNALS}
     */
    ReloadSignal {
        Objects.requireNonNull(pidfile, "pidfile");
        if (!SIGNALS.contains(signal)) {
            throw new IllegalArgumentException("'" + signal + "' is not a signal certkeeper sends; use one of "
                    + String.join(", ", SIGNALS));
        }
    }

    /**
     * Sends the signal.
     *
     * @return the PID signalled
     * @throws IOException if the pidfile cannot be read, holds no PID, or {@code kill} fails; the
     *         message says which
     */
    long send() throws IOException {
        String text = Files.readString(pidfile, StandardCharsets.US_ASCII).strip();
        if (!text.matches("[1-9][0-9]{0,9}")) {
            throw new IOException(pidfile + " does not hold a process ID");
        }
        long pid = Long.parseLong(text);
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).redirectErrorStream(true).start();
        try {
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IOException("kill -s " + signal + " " + pid + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling " + pid, e);
        }
        if (kill.exitValue() != 0) {
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            throw new IOException("kill -s " + signal + " " + pid + " (from " + pidfile + ") failed: " + output);
        }
        return pid;
    }
}
