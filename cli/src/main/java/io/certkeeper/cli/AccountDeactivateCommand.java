package io.certkeeper.cli;

import io.certkeeper.acme.account.Deactivation;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.store.StoreLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code certkeeper account deactivate}: deactivates the stored account for good (RFC 8555 §7.3.6). */
@Command(name = "deactivate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Deactivate the account at the CA, for good.",
            "Certificates already issued stay valid. The account's files are then moved to "
                + "accounts/<ca>.deactivated-<time>, so that the next certonly registers a new account. "
                + "Asks first; -n deactivates without asking."})
final class AccountDeactivateCommand implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Mixin
    private CaOptions caOptions;

    @Mixin
    private StoreOptions storeOptions;

    AccountDeactivateCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws CertkeeperException, IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AccountTarget target = AccountTarget.of(caOptions, storeOptions, environment, err);
        target.requireStored();
        if (!storeOptions.nonInteractive() && !confirmed(err, target)) {
            out.println("Nothing was done; the account stays active.");
            out.flush();
            return ExitCode.OK;
        }
        Deactivation deactivation;
        try (StoreLock lock = target.lock()) {
            deactivation = target.accounts().deactivate(target.ca(), target.session());
        }
        out.println("Deactivated account " + deactivation.location() + " at " + target.ca() + ".");
        out.println("Its files were moved to " + deactivation.movedTo() + "; the next certonly or account register"
                + " registers a new account.");
        out.flush();
        return ExitCode.OK;
    }

    private boolean confirmed(PrintWriter err, AccountTarget target) throws IOException, CertkeeperException {
        if (!environment.terminal()) {
            throw new ParameterException(spec.commandLine(), "deactivating an account cannot be undone, so it asks first;"
                    + " run it in a terminal, or pass -n to deactivate without being asked");
        }
        String location = target.accounts().storedLocation(target.ca()).map(String::valueOf).orElse("?");
        return Prompt.confirm(environment, err, "Deactivate account " + location + " at " + target.ca()
                + " for good? The CA will refuse its key from then on.");
    }
}
