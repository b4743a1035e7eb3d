package io.certkeeper.cli;

import io.certkeeper.acme.account.KeyChange;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.store.StoreLock;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code certkeeper account rollover}: replaces the account key (RFC 8555 §7.3.5). */
@Command(name = "rollover",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Replace the account key with a new one.",
            "The account and its URL stay. The new EC P-256 key is written to account.key.next first and replaces "
                + "account.key once the CA has taken it; if the CA refuses it, the old key stays in use."})
final class AccountRolloverCommand implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Mixin
    private CaOptions caOptions;

    @Mixin
    private StoreOptions storeOptions;

    AccountRolloverCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws CertkeeperException {
        PrintWriter out = spec.commandLine().getOut();
        AccountTarget target = AccountTarget.of(caOptions, storeOptions, environment, spec.commandLine().getErr());
        target.requireStored();
        KeyChange change;
        try (StoreLock lock = target.lock()) {
            change = target.accounts().rollover(target.ca(), target.session());
        }
        out.println("Replaced the key of account " + change.location() + "; the CA no longer accepts the old one.");
        out.println("  old key:  " + change.previousKey());
        out.println("  new key:  " + change.newKey());
        out.println("  key file: " + target.directory().resolve("account.key"));
        out.flush();
        return ExitCode.OK;
    }
}
