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
        if (type == AccountRegisterCommand.class) {
            return type.cast(new AccountRegisterCommand(environment));
        }
        if (type == AccountShowCommand.class) {
            return type.cast(new AccountShowCommand(environment));
        }
        if (type == AccountUpdateCommand.class) {
            return type.cast(new AccountUpdateCommand(environment));
        }
        if (type == AccountRolloverCommand.class) {
            return type.cast(new AccountRolloverCommand(environment));
        }
        if (type == AccountDeactivateCommand.class) {
            return type.cast(new AccountDeactivateCommand(environment));
        }
        return fallback.create(type);
    }
}
