package io.certkeeper.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** The top-level {@code certkeeper} command; the work is done by its subcommands. */
@Command(name = "certkeeper",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Obtains and renews TLS certificates from Let's Encrypt or any other ACME CA, proving control of each name with HTTP-01."},
        synopsisSubcommandLabel = "COMMAND")
public final class CertkeeperCommand {

    /**
     * The subcommands, in the order {@code --help} lists them. They are not in {@code @Command}: picocli
     * would build every one's model at start-up, and {@link Subcommands} registers only those the
     * arguments can reach.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(CertonlyCommand.class, RenewCommand.class, RunCommand.class,
            CertificatesCommand.class, DeleteCommand.class, RevokeCommand.class, NginxSnippetCommand.class,
            AccountCommand.class);

    /** Creates the command, for picocli to fill in. */
    public CertkeeperCommand() {
    }
}
