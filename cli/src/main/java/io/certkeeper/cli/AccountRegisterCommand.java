package io.certkeeper.cli;

import io.certkeeper.acme.account.AccountDetails;
import io.certkeeper.acme.account.AccountOptions;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.store.StoreLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code certkeeper account register}: registers an account with the CA now (RFC 8555 §7.3),
 * with an external account binding for CAs that require one, instead of on the first order.
 */
@Command(name = "register",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Register an account with the CA now.",
            "If an account for the CA is already stored, nothing is registered."})
final class AccountRegisterCommand implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-m", "--email"}, order = 1, paramLabel = "EMAIL", description = "Contact address for the account.")
    private String email;

    @Option(names = "--agree-tos", order = 2, description = "Agree to the CA's terms of service.")
    private boolean agreeTos;

    @Mixin
    private EabOptions eabOptions;

    @Mixin
    private CaOptions caOptions;

    @Mixin
    private StoreOptions storeOptions;

    AccountRegisterCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws CertkeeperException, IOException {
        AccountOptions options;
        try {
            options = new AccountOptions(Optional.ofNullable(email), agreeTos, eabOptions.binding(environment.env()));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AccountTarget target = AccountTarget.of(caOptions, storeOptions, environment, err);
        if (target.accounts().hasAccount(target.ca())) {
            return alreadyStored(out, target);
        }
        if (!agreeTos) {
            askAgreement(err, target);
            options = new AccountOptions(options.email(), true, options.externalAccountBinding());
        }
        try (StoreLock lock = target.lock()) {
            if (target.accounts().hasAccount(target.ca())) {
                return alreadyStored(out, target); // registered by another process meanwhile
            }
            AccountDetails details = target.accounts().register(target.ca(), target.session(), options);
            out.println("Registered account " + details.location() + ".");
            target.print(out, details);
        }
        return ExitCode.OK;
    }

    private int alreadyStored(PrintWriter out, AccountTarget target) throws CertkeeperException {
        out.println("An account for " + target.ca() + " is already stored ("
                + target.accounts().storedLocation(target.ca()).map(String::valueOf).orElse("?") + " in "
                + target.directory() + "); nothing was registered. 'certkeeper account show' describes it.");
        out.flush();
        return ExitCode.OK;
    }

    private void askAgreement(PrintWriter err, AccountTarget target) throws IOException {
        if (storeOptions.nonInteractive() || !environment.terminal()) {
            throw usage("registering an account with " + target.ca() + " requires agreeing to its terms of service; pass --agree-tos");
        }
        if (!Prompt.confirm(environment, err, "Registering an account with " + target.ca()
                + " requires agreeing to its terms of service. Do you agree?")) {
            throw usage("the terms of service were not agreed to; nothing was done");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
