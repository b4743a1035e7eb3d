package io.certkeeper.acme.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * An external program started by a fixture, with its output (stdout and stderr together) in a log
 * file. {@link #close()} stops the program and everything it started. Not thread-safe.
 */
final class ChildProcess implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final int TAIL_CHARS = 4000;

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread killOnExit;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        // A test JVM that exits without close() (Ctrl-C, a fork timeout) must not leave servers behind.
        this.killOnExit = new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }, "kill " + name);
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts a program.
     *
     * @param name a short name for messages
     * @param builder the command and environment; its output redirection is replaced
     * @param log the file that receives the program's output
     * @return the running program
     * @throws UncheckedIOException if it cannot be started
     */
    static ChildProcess start(String name, ProcessBuilder builder, Path log) {
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        try {
            return new ChildProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", builder.command()), e);
        }
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The end of the program's output so far, headed by its name and state.
     *
     * @return text for a failure message
     */
    String describe() {
        String state = process.isAlive() ? "running" : "exited with code " + process.exitValue();
        String output;
        try {
            output = Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            output = "(cannot read " + log + ": " + e + ")";
        }
        if (output.length() > TAIL_CHARS) {
            output = "…" + output.substring(output.length() - TAIL_CHARS);
        }
        return "--- " + name + " (pid " + process.pid() + ", " + state + "), output in " + log + ":\n" + output;
    }

    /**
     * Polls until a check passes, failing early if one of the watched programs exits.
     *
     * @param what what is awaited, for the message
     * @param timeout how long to wait at most
     * @param check the readiness check; an exception counts as "not yet"
     * @param watched the programs that must stay alive meanwhile, whose output goes into the message
     * @throws IllegalStateException on timeout or if a watched program exits
     */
    static void await(String what, Duration timeout, Check check, List<ChildProcess> watched) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (check.passes()) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting until " + what, e);
            }
            for (ChildProcess child : watched) {
                if (!child.isAlive()) {
                    throw new IllegalStateException(child.name + " exited before " + what + "\n"
                            + describeAll(watched), last);
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(what + " did not happen within " + timeout.toMillis() + " ms"
                        + (last == null ? "" : " (last attempt: " + last + ")") + "\n" + describeAll(watched), last);
            }
            sleep(POLL);
        }
    }

    static String describeAll(List<ChildProcess> children) {
        return children.stream().map(ChildProcess::describe).collect(Collectors.joining("\n"));
    }

    /**
     * Asks the program to stop (SIGTERM), kills it after a grace period, and does the same to any
     * process it started that is still alive.
     */
    @Override
    public void close() {
        List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
        stop(process.toHandle());
        descendants.forEach(ChildProcess::stop);
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook itself
        }
    }

    private static void stop(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        if (!waitFor(handle, GRACE)) {
            handle.destroyForcibly();
            waitFor(handle, GRACE);
        }
    }

    private static boolean waitFor(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot wait for process " + handle.pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a program", e);
        }
    }

    /** A readiness check that may fail with an exception while the program is starting. */
    @FunctionalInterface
    interface Check {
        boolean passes() throws IOException, InterruptedException;
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
