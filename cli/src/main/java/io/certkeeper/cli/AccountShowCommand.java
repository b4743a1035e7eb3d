package io.certkeeper.cli;

import io.certkeeper.acme.account.AccountDetails;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.store.StoreLock;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code certkeeper account show}: what the CA says about the stored account. */
@Command(name = "show",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Show the stored account as the CA describes it.",
            "Prints its URL, status, contacts, external account binding, and the key's type and thumbprint "
                + "(never the key itself). Exits 1 if no account is stored for the CA."})
final class AccountShowCommand implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Mixin
    private CaOptions caOptions;

    @Mixin
    private StoreOptions storeOptions;

    AccountShowCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws CertkeeperException {
        PrintWriter out = spec.commandLine().getOut();
        AccountTarget target = AccountTarget.of(caOptions, storeOptions, environment, spec.commandLine().getErr());
        target.requireStored();
        // Under the lock: looking the account up completes a key change that was interrupted.
        try (StoreLock lock = target.lock()) {
            AccountDetails details = target.accounts().details(target.ca(), target.session());
            out.println("Account " + details.location());
            target.print(out, details);
        }
        return ExitCode.OK;
    }
}
