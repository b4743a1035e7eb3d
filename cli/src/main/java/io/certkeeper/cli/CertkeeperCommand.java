package io.certkeeper.cli;

import picocli.CommandLine.Command;

/** The top-level {@code certkeeper} command; the work is done by its subcommands. */
@Command(name = "certkeeper",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        subcommands = {CertonlyCommand.class},
        description = {"Obtains and renews TLS certificates from Let's Encrypt or any other ACME CA, proving control of each name with HTTP-01."},
        synopsisSubcommandLabel = "COMMAND",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done, also when nothing was due",
            "1:other failure",
            "2:bad input (unknown flag, invalid name, missing choice)",
            "3:the CA could not validate a name or refused the order",
            "74:certkeeper's files could not be read or written",
            "75:temporary: rate limited or CA unreachable; try again later"})
public final class CertkeeperCommand {
}
