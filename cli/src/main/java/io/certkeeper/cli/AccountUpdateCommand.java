package io.certkeeper.cli;

import io.certkeeper.acme.account.AccountDetails;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.store.StoreLock;
import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code certkeeper account update}: changes the stored account's contact address (RFC 8555 §7.3.2). */
@Command(name = "update",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Change the account's contact address at the CA."})
final class AccountUpdateCommand implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-m", "--email"}, order = 1, required = true, paramLabel = "EMAIL",
            description = "The new contact address; it replaces those the CA has.")
    private String email;

    @Mixin
    private CaOptions caOptions;

    @Mixin
    private StoreOptions storeOptions;

    AccountUpdateCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws CertkeeperException {
        if (email.isBlank()) {
            // acme4j leaves an empty contact list out of the request, and Pebble ignores one.
            throw usage("removing every contact address is not supported; pass the address that should replace them");
        }
        PrintWriter out = spec.commandLine().getOut();
        AccountTarget target = AccountTarget.of(caOptions, storeOptions, environment, spec.commandLine().getErr());
        target.requireStored();
        AccountDetails details;
        try (StoreLock lock = target.lock()) {
            details = target.accounts().updateContact(target.ca(), target.session(), email);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        out.println("Updated the contact of account " + details.location() + ".");
        target.print(out, details);
        if (!details.contacts().contains(URI.create("mailto:" + email))) {
            out.println("Note: the CA did not keep the new address; some CAs no longer store contact addresses.");
            out.flush();
        }
        return ExitCode.OK;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
