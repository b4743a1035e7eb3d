package io.certkeeper.acme.hook;

import io.certkeeper.acme.error.HookFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs hook programs: the process environment plus the hook's own variables, standard input
 * closed, standard output and error read as they come and logged one line at a time, prefixed
 * with the hook's purpose ({@code deploy hook: …}; standard output at INFO, standard error at
 * WARN, as certbot reports them), a timeout, and a one-line error when the hook fails.
 *
 * <p>Of each output stream the last {@link #OUTPUT_LIMIT} bytes are kept, so a hook that prints
 * without end cannot exhaust memory. A hook that outlives its timeout is killed with every process
 * it started. A hook may leave a process running in the background, but one that keeps the hook's
 * output open is not waited for beyond {@link #OUTPUT_GRACE}. Commands are run as
 * {@link HookCommand#argv()} says, so this is for POSIX systems.
 *
 * <p>Thread-safe: a runner holds only its settings; hooks run concurrently from several threads
 * are independent processes.
 */
public final class HookRunner {

    /** How long a hook may run by default: long enough for a reload or a DNS update, short enough not to hang a renewal. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    /** How many bytes of each output stream are kept: the last ones. */
    public static final int OUTPUT_LIMIT = 64 * 1024;
    /** How long to wait, after the hook exited, for processes it left running to release its output. */
    public static final Duration OUTPUT_GRACE = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(HookRunner.class);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final int MESSAGE_LINES = 3;
    private static final int MESSAGE_CHARS = 300;
    private static final int COMMAND_CHARS = 200;
    private static final Pattern OS_ERROR = Pattern.compile("error=(\\d+), (.*)");
    private static final Pattern TERMINAL_ESCAPE = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]");
    /** Where the JDK looks for a program without a slash when PATH is not set. */
    private static final String DEFAULT_PATH = ":/bin:/usr/bin";

    private final Duration timeout;

    /** Creates a runner with the {@link #DEFAULT_TIMEOUT} of five minutes. */
    public HookRunner() {
        this(DEFAULT_TIMEOUT);
    }

    /**
     * Creates a runner.
     *
     * @param timeout how long one hook may run before it is killed
     * @throws IllegalArgumentException if the timeout is not positive
     */
    public HookRunner(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a hook timeout must be positive, not " + timeout);
        }
        this.timeout = timeout;
    }

    /**
     * How long one hook may run.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Runs a hook and waits for it.
     *
     * @param purpose what the hook is for, such as {@code "deploy hook"} or
     *        {@code "auth hook for example.com"}; starts each log line and the error message
     * @param command the command line
     * @param environment variables set on top of this process's environment, replacing any of
     *        the same name
     * @return the exit code (always 0) and the output
     * @throws HookFailedException if the hook cannot be started, exits with a non-zero code, or is
     *         still running after the timeout (it is then killed with every process it started),
     *         or if the calling thread is interrupted (the hook is then killed too)
     * @throws IllegalArgumentException if a variable's name is empty or contains {@code =} or a
     *         NUL character, or a value contains a NUL character
     */
    public HookResult run(String purpose, HookCommand command, Map<String, String> environment) throws HookFailedException {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(environment, "environment");
        ProcessBuilder builder = new ProcessBuilder(command.argv());
        environment.forEach((name, value) -> {
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("invalid environment variable for the " + purpose + ": " + name);
            }
        });
        builder.environment().putAll(environment);
        LOG.debug("{}: running {}", purpose, builder.command());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw notStarted(purpose, command, e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Only the hook's end of its standard input: it reads end-of-file either way.
        }
        long pid = process.pid();
        HookOutput stdout = HookOutput.start(process.getInputStream(), OUTPUT_LIMIT,
                line -> LOG.info("{}: {}", purpose, line), "hook " + pid + " stdout");
        HookOutput stderr = HookOutput.start(process.getErrorStream(), OUTPUT_LIMIT,
                line -> LOG.warn("{}: {}", purpose, line), "hook " + pid + " stderr");
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                kill(process);
                awaitOutput(purpose, stdout, stderr);
                throw new HookFailedException(timedOutMessage(purpose, command, stderr.text()), purpose, true, stdout.text(), null);
            }
            awaitOutput(purpose, stdout, stderr);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new HookFailedException("Interrupted while the " + purpose + " " + quote(command) + " was running; it was killed",
                    purpose, true, stdout.text(), e);
        }
        HookResult result = new HookResult(process.exitValue(), stdout.text(), stderr.text());
        if (result.exitCode() != 0) {
            throw new HookFailedException(exitMessage(purpose, command, result), purpose, true, result.stdout(), null);
        }
        LOG.debug("{}: {} exited with code 0", purpose, quote(command));
        return result;
    }

    /**
     * Checks, without running it, that the command's program exists and may be executed, so that
     * a typing error is found before anything depends on the hook.
     *
     * @param purpose what the hook is for, for the message
     * @param command the command line
     * @throws HookFailedException if the program, or the shell for a command that needs one, does
     *         not exist or is not executable; the message says what to do
     */
    public void check(String purpose, HookCommand command) throws HookFailedException {
        Optional<String> problem = problem(command.argv().get(0));
        if (problem.isPresent()) {
            throw new HookFailedException(notStartedMessage(purpose, command, problem.get()), purpose, false, "", null);
        }
    }

    private void awaitOutput(String purpose, HookOutput stdout, HookOutput stderr) throws InterruptedException {
        long deadline = System.nanoTime() + OUTPUT_GRACE.toNanos();
        if (!stdout.awaitEnd(OUTPUT_GRACE) || !stderr.awaitEnd(Duration.ofNanos(deadline - System.nanoTime()))) {
            LOG.warn("{}: a process it left running keeps its output open; not waiting for that process", purpose);
        }
        if (stdout.truncated() || stderr.truncated()) {
            LOG.warn("{}: printed more than {} KiB; only the end of its output is kept", purpose, OUTPUT_LIMIT / 1024);
        }
    }

    /**
     * Kills a process and every process it started, parents before their children so that none
     * can start another in the meantime, and waits until the hook itself is gone.
     */
    private static void kill(Process process) {
        kill(process.toHandle());
        try {
            process.onExit().get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("hook process {} did not end within {} s of being killed", process.pid(), KILL_WAIT.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void kill(ProcessHandle handle) {
        // Listed first: once the parent dies its children belong to init and can no longer be found from it.
        List<ProcessHandle> children = handle.children().toList();
        handle.destroyForcibly();
        children.forEach(HookRunner::kill);
    }

    private static HookFailedException notStarted(String purpose, HookCommand command, IOException e) {
        String program = command.argv().get(0);
        String problem = problem(program).orElseGet(() -> {
            Matcher matcher = OS_ERROR.matcher(String.valueOf(e.getMessage()));
            String reason = matcher.find() ? matcher.group(2) : String.valueOf(e.getMessage());
            return program + ": " + reason.toLowerCase(Locale.ROOT) + "; check the command";
        });
        return new HookFailedException(notStartedMessage(purpose, command, problem), purpose, false, "", e);
    }

    private static String notStartedMessage(String purpose, HookCommand command, String problem) {
        return "The " + purpose + " " + quote(command) + " cannot be started: " + problem;
    }

    private static Optional<String> problem(String program) {
        if (program.contains("/")) {
            Path path = Path.of(program);
            if (!Files.exists(path)) {
                return Optional.of(program + " does not exist; give the full path of an executable program");
            }
            if (Files.isDirectory(path) || !Files.isExecutable(path)) {
                return Optional.of(program + " is not an executable file; make it executable with chmod +x " + program);
            }
            return Optional.empty();
        }
        String searchPath = Optional.ofNullable(System.getenv("PATH")).orElse(DEFAULT_PATH);
        for (String directory : searchPath.split(":", -1)) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory).resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.empty();
            }
        }
        return Optional.of("no program " + program + " on the PATH (" + searchPath + "); give its full path");
    }

    private String timedOutMessage(String purpose, HookCommand command, String stderr) {
        String seconds = timeout.toMillis() % 1000 == 0 ? String.valueOf(timeout.toSeconds())
                : String.format(Locale.ROOT, "%.1f", timeout.toMillis() / 1000.0);
        String tail = lastLines(stderr);
        return "The " + purpose + " " + quote(command) + " timed out after " + seconds
                + " s and was killed with the processes it started; make it finish sooner"
                + (tail.isEmpty() ? "" : " (its standard error: " + tail + ")");
    }

    private static String exitMessage(String purpose, HookCommand command, HookResult result) {
        String meaning = switch (result.exitCode()) {
            case 126 -> " (found but not executable)";
            case 127 -> " (command not found)";
            default -> "";
        };
        String tail = lastLines(result.stderr());
        return "The " + purpose + " " + quote(command) + " failed with exit code " + result.exitCode() + meaning
                + (tail.isEmpty() ? " and printed nothing on standard error" : ": " + tail);
    }

    /** The last few non-blank lines, without terminal escapes, on one line; the end kept if too long. */
    private static String lastLines(String output) {
        List<String> lines = TERMINAL_ESCAPE.matcher(output).replaceAll("").lines()
                .map(String::strip).filter(line -> !line.isEmpty()).toList();
        String joined = String.join(" / ", lines.subList(Math.max(0, lines.size() - MESSAGE_LINES), lines.size()));
        return joined.length() <= MESSAGE_CHARS ? joined : "…" + joined.substring(joined.length() - MESSAGE_CHARS);
    }

    private static String quote(HookCommand command) {
        String oneLine = command.command().strip().replaceAll("\\s*\\R\\s*", " ");
        return "\"" + (oneLine.length() <= COMMAND_CHARS ? oneLine : oneLine.substring(0, COMMAND_CHARS) + "…") + "\"";
    }
}
