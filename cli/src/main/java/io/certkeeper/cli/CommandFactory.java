package io.certkeeper.cli;

import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * Builds commands with their collaborators through constructors: the composition of the CLI.
 */
final class CommandFactory implements IFactory {

    private final CliEnvironment environment;
    private final IFactory fallback = CommandLine.defaultFactory();

    CommandFactory(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        if (type == CertonlyCommand.class) {
            return type.cast(new CertonlyCommand(environment));
        }
        if (type == RenewCommand.class) {
            return type.cast(new RenewCommand(environment));
        }
        return fallback.create(type);
    }
}
