package io.certkeeper.cli;

import picocli.CommandLine.Command;

/** {@code certkeeper account}: manages the ACME account kept for a CA; the work is done by its subcommands. */
@Command(name = "account",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        subcommands = {AccountRegisterCommand.class, AccountShowCommand.class, AccountUpdateCommand.class,
            AccountRolloverCommand.class, AccountDeactivateCommand.class},
        description = {"Manage the ACME account kept for a CA in <config-dir>/accounts/<ca>/."},
        synopsisSubcommandLabel = "COMMAND")
final class AccountCommand {
}
