package io.certkeeper.cli;

import io.certkeeper.acme.error.UntrustedPathException;
import io.certkeeper.acme.store.FileTrust;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A signal sent to the process named by a pidfile after a certificate changed, such as
 * {@code HUP} to nginx's {@code /run/nginx.pid}, so that it serves the new certificate.
 *
 * <p>certkeeper runs as root, so a pidfile is a way to make root signal any process. Before each
 * signal the pidfile is checked as the certificates file is ({@link FileTrust}), and the process
 * it names must be the program meant: its executable's file name or its {@code comm} is
 * {@code process}. PID 1 and certkeeper itself are never signalled.
 *
 * @param signal the signal's name without {@code SIG}
 * @param pidfile the file holding the process ID
 * @param process the program expected behind the PID, such as {@code nginx}
 */
record ReloadSignal(String signal, Path pidfile, String process) {

    /** The signals a server reloads or reopens on; others (KILL, STOP, …) are refused. */
    static final List<String> SIGNALS = List.of("HUP", "USR1", "USR2", "WINCH", "QUIT", "TERM", "INT");

    /** The program expected when the file names none: the server certkeeper is most often set up with. */
    static final String DEFAULT_PROCESS = "nginx";

    /** How much of a program's name the kernel keeps as its {@code comm}. */
    private static final int COMM_LENGTH = 15;

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if the signal is not one of {@link #SIGNALS}, or the process
     *         is not a program's file name
     */
    ReloadSignal {
        Objects.requireNonNull(pidfile, "pidfile");
        Objects.requireNonNull(process, "process");
        if (!SIGNALS.contains(signal)) {
            throw new IllegalArgumentException("'" + signal + "' is not a signal certkeeper sends; use one of "
                    + String.join(", ", SIGNALS));
        }
        if (process.isBlank() || process.contains("/") || !process.strip().equals(process)) {
            throw new IllegalArgumentException("'" + process + "' is not a program's name; give the file name of the"
                    + " server's executable, such as nginx");
        }
    }

    /**
     * Sends the signal, if the pidfile can be trusted and names the program expected.
     *
     * @return the PID signalled
     * @throws IOException if the pidfile is untrusted, cannot be read, or holds no PID; if the
     *         process is PID 1, certkeeper itself, gone, or another program; or if {@code kill}
     *         fails; the message says which, and for another program what it is and the setting
     *         to change
     */
    long send() throws IOException {
        try {
            FileTrust.require(pidfile, "the reload pidfile");
        } catch (UntrustedPathException e) {
            throw new IOException(e.getMessage() + "; nothing was signalled", e);
        }
        String text = Files.readString(pidfile, StandardCharsets.US_ASCII).strip();
        if (!text.matches("[1-9][0-9]{0,9}")) {
            throw new IOException(pidfile + " does not hold a process ID");
        }
        long pid = Long.parseLong(text);
        if (pid == 1 || pid == ProcessHandle.current().pid()) {
            throw new IOException(pidfile + " names PID " + pid + (pid == 1 ? ", the init process" : ", certkeeper itself")
                    + "; nothing was signalled: point reload.pidfile at the server's pidfile");
        }
        Optional<String> executable = executableName(pid);
        Optional<String> comm = comm(pid);
        if (executable.isEmpty() && comm.isEmpty()) {
            throw new IOException("no process " + pid + " (from " + pidfile + "); is the server running?");
        }
        String expectedComm = process.length() > COMM_LENGTH ? process.substring(0, COMM_LENGTH) : process;
        if (!executable.filter(process::equals).isPresent() && !comm.filter(expectedComm::equals).isPresent()) {
            String actual = executable.or(() -> comm).orElseThrow();
            throw new IOException("PID " + pid + " from " + pidfile + " is " + actual + ", not " + process
                    + ", so it was not signalled; if " + actual + " is the server to reload, set reload.process: " + actual
                    + " in the certificates file");
        }
        return kill(pid);
    }

    private long kill(long pid) throws IOException {
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

    /** The file name of the process's executable; readable for root, or for the process's own user. */
    private static Optional<String> executableName(long pid) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe")).toString();
            // an executable replaced by a package upgrade while the server runs, as nginx's often is
            target = target.endsWith(" (deleted)") ? target.substring(0, target.length() - " (deleted)".length()) : target;
            return Optional.ofNullable(Path.of(target).getFileName()).map(Path::toString);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The name the kernel keeps for the process: its program's file name, cut to 15 characters. */
    private static Optional<String> comm(long pid) {
        try {
            return Optional.of(Files.readString(Path.of("/proc", Long.toString(pid), "comm"), StandardCharsets.UTF_8).strip())
                    .filter(name -> !name.isEmpty());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
