package io.certkeeper.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * Entry point of the {@code certkeeper} command: the only place that builds the command tree
 * from the real environment and calls {@link System#exit}.
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        configureLogging(args);
        int code = commandLine(CliEnvironment.system(), args).execute(args);
        HttpClientThreads.stop();
        System.exit(code);
    }

    /**
     * Builds the whole command line for an environment; tests call this with their own.
     *
     * @param environment clock, environment variables, home directory, terminal
     * @return the command line with every subcommand, ready to {@code execute}
     */
    public static CommandLine commandLine(CliEnvironment environment) {
        return commandLine(environment, CertkeeperCommand.SUBCOMMANDS);
    }

    /**
     * Builds the command line to execute these arguments with: only the subcommands they can reach,
     * which {@code execute} treats exactly as the whole command line does.
     *
     * @param environment clock, environment variables, home directory, terminal
     * @param args the arguments that will be executed
     * @return the command line, ready to {@code execute(args)}
     */
    public static CommandLine commandLine(CliEnvironment environment, String... args) {
        return commandLine(environment, Subcommands.reachedBy(CertkeeperCommand.SUBCOMMANDS, args));
    }

    private static CommandLine commandLine(CliEnvironment environment, List<Class<?>> subcommands) {
        ErrorHandler errors = new ErrorHandler();
        CommandLine commandLine = new CommandLine(new CertkeeperCommand(), new CommandFactory(environment));
        subcommands.forEach(commandLine::addSubcommand);
        commandLine.setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setCaseInsensitiveEnumValuesAllowed(true)
                // Each -d and -w is handed to its setter in order, so -w applies to the -d after it.
                .setOverwrittenOptionsAllowed(true);
        listExitCodes(commandLine);
        return commandLine;
    }

    private static void listExitCodes(CommandLine commandLine) {
        commandLine.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCode.descriptions());
        commandLine.getSubcommands().values().forEach(Main::listExitCodes);
    }

    /**
     * Sets up slf4j-simple, and JBoss Logging through it, for a run with these arguments.
     *
     * @param args the arguments; {@code -v} or {@code --verbose} turns on debug output
     */
    static void configureLogging(String[] args) {
        boolean verbose = false;
        for (String arg : args) {
            verbose |= arg.equals("-v") || arg.equals("--verbose");
        }
        // A service's log says what it did (a container signalled, the engine reconnected), with the time.
        boolean service = args.length > 0 && args[0].equals("run");
        // slf4j-simple reads these once, when the first logger is made: set them before any.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.certkeeper", verbose ? "debug" : service ? "info" : "warn");
        if (service) {
            System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
            System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ssX");
        }
        System.setProperty("org.slf4j.simpleLogger.log.org.shredzone.acme4j", verbose ? "debug" : "warn");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showLogName", "false");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
        // Undertow logs through JBoss Logging, which picks slf4j only when told to.
        System.setProperty("org.jboss.logging.provider", "slf4j");
    }
}
