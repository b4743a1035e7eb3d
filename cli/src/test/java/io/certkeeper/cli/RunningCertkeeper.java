package io.certkeeper.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The assembled {@code bin/certkeeper} running as its own process, as a service manager runs it,
 * so that tests can send it real signals and read its log as it is written.
 */
final class RunningCertkeeper implements AutoCloseable {

    /** The distribution {@code mvn verify} assembled before the integration tests. */
    static final Path DIST = Path.of(System.getProperty("basedir", ""), "target", "certkeeper").toAbsolutePath();

    private final Process process;
    private final Path out;
    private final Path err;

    private RunningCertkeeper(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /**
     * Starts {@code bin/certkeeper} with arguments.
     *
     * @param home the home directory, also where its output files go
     * @param args the arguments
     * @return the running process
     * @throws IOException if it cannot start
     */
    static RunningCertkeeper start(Path home, String... args) throws IOException {
        return start(home, java.util.Map.of(), args);
    }

    /**
     * Starts {@code bin/certkeeper} with arguments and environment variables.
     *
     * @param home the home directory, also where its output files go
     * @param env variables added to the environment
     * @param args the arguments
     * @return the running process
     * @throws IOException if it cannot start
     */
    static RunningCertkeeper start(Path home, java.util.Map<String, String> env, String... args) throws IOException {
        return start(home, env, List.of(), args);
    }

    /**
     * Starts {@code bin/certkeeper} through another program, such as {@code nohup}.
     *
     * @param home the home directory, also where its output files go
     * @param env variables added to the environment
     * @param wrapper the program and its arguments before {@code bin/certkeeper}
     * @param args the arguments
     * @return the running process
     * @throws IOException if it cannot start
     */
    static RunningCertkeeper start(Path home, java.util.Map<String, String> env, List<String> wrapper, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.add(DIST.resolve("bin/certkeeper").toString());
        command.addAll(List.of(args));
        return start(home, env, command);
    }

    /**
     * Starts a command as a user of the distribution would: the test's JDK, the given home, no
     * {@code CERTKEEPER_JAVA_OPTS} of the machine's, standard input from {@code /dev/null}.
     *
     * @param home the home directory, also where its output files go
     * @param env variables added to the environment
     * @param command the program and its arguments
     * @return the running process
     * @throws IOException if it cannot start
     */
    static RunningCertkeeper start(Path home, java.util.Map<String, String> env, List<String> command) throws IOException {
        Path out = Files.createTempFile(home, "run-out", ".txt");
        Path err = Files.createTempFile(home, "run-err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("HOME", home.toString());
        builder.environment().remove("CERTKEEPER_JAVA_OPTS");
        builder.environment().putAll(env);
        return new RunningCertkeeper(builder.start(), out, err);
    }

    /**
     * Runs a command to its end, at most two minutes.
     *
     * @param home the directory for its output files, and its {@code HOME}
     * @param env variables added to the environment
     * @param command the program and its arguments
     * @return its exit code and what it printed
     * @throws AssertionError if it is still running after two minutes
     */
    static Finished runToEnd(Path home, java.util.Map<String, String> env, List<String> command)
            throws IOException, InterruptedException {
        try (RunningCertkeeper running = start(home, env, command)) {
            int code = running.awaitExit(Duration.ofMinutes(2));
            return new Finished(code, running.out(), running.err());
        }
    }

    /**
     * What a finished run printed and returned.
     *
     * @param exitCode its exit code
     * @param out its standard output
     * @param err its standard error
     */
    record Finished(int exitCode, String out, String err) {

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** The process ID. */
    long pid() {
        return process.pid();
    }

    /** Everything it wrote to standard error so far. */
    String err() {
        return read(err);
    }

    /** Everything it wrote to standard output so far. */
    String out() {
        return read(out);
    }

    /**
     * Waits for a line of standard output matching {@code regex} (found anywhere in the line).
     *
     * @param regex the pattern
     * @param timeout how long to wait
     * @return the first matching line
     * @throws AssertionError if none appears in time or the process ends first, with its output
     */
    String awaitLine(String regex, Duration timeout) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : out().lines().toList()) {
                if (pattern.matcher(line).find()) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("certkeeper exited (" + process.exitValue() + ") before printing /" + regex + "/\n" + this);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no line /" + regex + "/ within " + timeout + "\n" + this);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Sends a signal with {@code kill}.
     *
     * @param signal such as {@code HUP}
     */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -s " + signal + " failed");
        }
    }

    /**
     * Waits for the process to end.
     *
     * @param timeout how long
     * @return its exit code
     * @throws AssertionError if it is still running after the timeout
     */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("certkeeper still running after " + timeout + "\n" + this);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "--- stdout\n" + out() + "--- stderr\n" + read(err);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
