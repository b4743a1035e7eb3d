package io.certkeeper.cli;

import picocli.CommandLine.Command;

/** The top-level {@code certkeeper} command; the work is done by its subcommands. */
@Command(name = "certkeeper",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        subcommands = {CertonlyCommand.class, RenewCommand.class, AccountCommand.class},
        description = {"Obtains and renews TLS certificates from Let's Encrypt or any other ACME CA, proving control of each name with HTTP-01."},
        synopsisSubcommandLabel = "COMMAND")
public final class CertkeeperCommand {
}
