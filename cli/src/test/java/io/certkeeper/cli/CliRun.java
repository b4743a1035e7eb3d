package io.certkeeper.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs the real {@code certkeeper} command line in-process with captured output.
 *
 * @param exitCode the exit code
 * @param out what went to standard output
 * @param err what went to standard error
 */
record CliRun(int exitCode, String out, String err) {

    /**
     * Runs the command as a non-root user without a terminal, with the given home directory.
     *
     * @param home the user's home directory (the default config dir lies under it)
     * @param args the arguments
     * @return the outcome
     */
    static CliRun run(Path home, String... args) {
        return run(environment(home), args);
    }

    /**
     * Runs the command as {@link #run(Path, String...)} does.
     *
     * @param home the user's home directory (the default config dir lies under it)
     * @param args the arguments
     * @return the outcome
     */
    static CliRun run(Path home, CliArgs args) {
        return run(home, args.toArray());
    }

    /**
     * Runs the command in a given environment: a clock set in the future, a terminal that answers questions.
     *
     * @param environment the environment
     * @param args the arguments
     * @return the outcome
     */
    static CliRun run(CliEnvironment environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(environment, args);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /**
     * A non-root user without a terminal, with the given home directory and an empty environment.
     *
     * @param home the home directory
     * @return the environment
     */
    static CliEnvironment environment(Path home) {
        return environment(home, Clock.systemUTC());
    }

    /**
     * A non-root user without a terminal, with the given home directory and clock.
     *
     * @param home the home directory
     * @param clock the clock the command reads
     * @return the environment
     */
    static CliEnvironment environment(Path home, Clock clock) {
        return new CliEnvironment(clock, Map.of(), home, false, false, new BufferedReader(new StringReader("")));
    }

    /**
     * The lines printed to standard error that start with {@code certkeeper:}: the error lines.
     *
     * @return the error lines
     */
    java.util.List<String> errorLines() {
        return err.lines().filter(line -> line.startsWith("certkeeper: ")).toList();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
