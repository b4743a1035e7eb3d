package io.certkeeper.cli;

import io.certkeeper.acme.error.UntrustedPathException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options every command that reads or writes the store shares: where it is, and how to talk. */
final class StoreOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--config-dir", order = 90, paramLabel = "DIR", description = "Where certificates and accounts are kept (default: /etc/certkeeper for root, ~/.config/certkeeper otherwise).")
    private Path configDir;

    @Option(names = {"-n", "--non-interactive"}, order = 91, description = "Never ask questions; fail instead.")
    private boolean nonInteractive;

    @Option(names = {"-v", "--verbose"}, order = 92, description = "Log each request and print stack traces.")
    private boolean verbose;

    /**
     * The config directory, checked ({@link ConfigDirectory}): a note is printed for a link.
     *
     * @param environment supplies the default
     * @param err where notes go
     * @return the directory as given (or the default)
     * @throws ParameterException if it cannot be used
     * @throws UntrustedPathException if users other than root and the current one could change it
     */
    Path directory(CliEnvironment environment, PrintWriter err) throws UntrustedPathException {
        Path dir = configDir != null ? configDir : environment.defaultConfigDirectory();
        ConfigDirectory.check(dir, err).ifPresent(problem -> {
            throw new ParameterException(spec.commandLine(), problem);
        });
        return dir;
    }

    /**
     * Whether questions must not be asked.
     *
     * @return {@code true} with {@code -n}
     */
    boolean nonInteractive() {
        return nonInteractive;
    }
}
