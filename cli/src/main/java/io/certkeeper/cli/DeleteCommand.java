package io.certkeeper.cli;

import io.certkeeper.acme.error.StoreIOException;
import io.certkeeper.acme.error.UntrustedPathException;
import io.certkeeper.acme.store.Lineage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code certkeeper delete}: removes a certificate and everything certkeeper keeps for it, after
 * asking. The certificate is not revoked; it stays valid until it expires.
 */
@Command(name = "delete",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Delete a certificate: live/NAME, archive/NAME (every version, keys included) and certkeeper/NAME.json.",
            "Asks first; -n deletes without asking. The certificate is not revoked (see revoke)."})
public final class DeleteCommand implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOptions storeOptions;

    @Option(names = "--cert-name", order = 1, required = true, paramLabel = "NAME", description = "The certificate to delete.")
    private String certName;

    /**
     * Creates the command.
     *
     * @param environment the terminal and the rest of the outside world
     */
    public DeleteCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws StoreIOException, UntrustedPathException, IOException {
        if (!Lineage.isValidName(certName)) {
            throw usage("'" + certName + "' is not a certificate name");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = storeOptions.directory(environment, err);
        LineageDeleter deleter = new LineageDeleter(dir);
        List<Path> files = deleter.files(certName);
        if (files.isEmpty()) {
            throw usage("no certificate named " + certName + " in " + dir + "; nothing was deleted");
        }
        if (!storeOptions.nonInteractive() && !confirmed(err, deleter, files)) {
            out.println("Nothing was deleted.");
            out.flush();
            return ExitCode.OK;
        }
        deleter.report(out, certName, deleter.delete(certName));
        return ExitCode.OK;
    }

    private boolean confirmed(PrintWriter err, LineageDeleter deleter, List<Path> files) throws IOException {
        if (!environment.terminal()) {
            throw usage("deleting a certificate cannot be undone, so delete asks first; run it in a terminal,"
                    + " or pass -n to delete without being asked");
        }
        return Prompt.confirm(environment, err, "Delete certificate " + deleter.describe(certName) + "? This removes "
                + String.join(", ", files.stream().map(Path::toString).toList()) + " for good.");
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
