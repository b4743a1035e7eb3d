package io.certkeeper.cli;

import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * Builds commands with their collaborators through constructors: the composition of the CLI.
 */
final class CommandFactory implements IFactory {

    /** Each command that needs the environment, with its constructor. */
    private static final Map<Class<?>, Function<CliEnvironment, Object>> COMMANDS = Map.ofEntries(
            Map.entry(CertonlyCommand.class, CertonlyCommand::new),
            Map.entry(RenewCommand.class, RenewCommand::new),
            Map.entry(RunCommand.class, RunCommand::new),
            Map.entry(CertificatesCommand.class, CertificatesCommand::new),
            Map.entry(DeleteCommand.class, DeleteCommand::new),
            Map.entry(RevokeCommand.class, RevokeCommand::new),
            Map.entry(NginxSnippetCommand.class, NginxSnippetCommand::new),
            Map.entry(AccountRegisterCommand.class, AccountRegisterCommand::new),
            Map.entry(AccountShowCommand.class, AccountShowCommand::new),
            Map.entry(AccountUpdateCommand.class, AccountUpdateCommand::new),
            Map.entry(AccountRolloverCommand.class, AccountRolloverCommand::new),
            Map.entry(AccountDeactivateCommand.class, AccountDeactivateCommand::new));

    private final CliEnvironment environment;
    private final IFactory fallback = CommandLine.defaultFactory();

    CommandFactory(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        Function<CliEnvironment, Object> constructor = COMMANDS.get(type);
        return constructor != null ? type.cast(constructor.apply(environment)) : fallback.create(type);
    }
}
