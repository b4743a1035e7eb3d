package io.certkeeper.cli;

import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.error.StoreIOException;
import io.certkeeper.acme.error.UntrustedPathException;
import io.certkeeper.acme.renewal.RenewalPolicy;
import io.certkeeper.acme.renewal.RenewalSettingsStore;
import io.certkeeper.acme.store.CertificateStore;
import io.certkeeper.acme.store.Lineage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code certkeeper certificates}: lists the lineages of the store with their names, key, validity,
 * whether they are due and why, and how they are renewed. Reads files only, never the network, so
 * it answers at once and works offline; the renewal window shown is the one cached at the last
 * {@code renew}. A lineage that cannot be read is reported and the others are still listed; the
 * exit code is then the worst problem's.
 */
@Command(name = "certificates",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"List the certificates: names, key type, expiry, when each is due for renewal and why, and its files.",
            "Reads the config directory only; nothing is sent to the CA."})
public final class CertificatesCommand implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOptions storeOptions;

    @Option(names = "--cert-name", order = 1, paramLabel = "NAME", description = "List only this certificate.")
    private String certName;

    @Option(names = "--json", order = 2, description = "Print JSON for programs (the format is in the README) instead of text.")
    private boolean json;

    /**
     * Creates the command.
     *
     * @param environment the clock and the rest of the outside world
     */
    public CertificatesCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws StoreIOException, UntrustedPathException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = storeOptions.directory(environment, err);
        CertificateStore store = new CertificateStore(dir);
        RenewalSettingsStore settingsStore = new RenewalSettingsStore(dir);
        RenewalPolicy policy = new RenewalPolicy(environment.clock());
        Instant now = environment.clock().instant();

        List<LineageReport> reports = new ArrayList<>();
        for (String name : names(store, dir)) {
            LineageReport report = LineageReport.inspect(name, store, settingsStore, policy);
            if (!report.vanished()) {
                reports.add(report);
            }
        }
        if (json) {
            out.print(CertificatesJson.write(dir, reports, now));
        } else {
            CertificatesText.print(out, dir, reports, now);
        }
        out.flush();
        int exitCode = ExitCode.OK;
        for (LineageReport report : reports) {
            for (CertkeeperException problem : report.problems()) {
                err.println("certkeeper: " + report.name() + ": " + ErrorHandler.oneLine(problem));
                exitCode = ExitCode.worse(exitCode, ExitCode.of(problem));
            }
        }
        err.flush();
        return exitCode;
    }

    private List<String> names(CertificateStore store, Path dir) throws StoreIOException, UntrustedPathException {
        List<String> names = store.names();
        if (certName == null) {
            return names;
        }
        if (!Lineage.isValidName(certName)) {
            throw new ParameterException(spec.commandLine(), "'" + certName + "' is not a certificate name");
        }
        if (!names.contains(certName)) {
            throw new ParameterException(spec.commandLine(), "no certificate named " + certName + " in " + dir);
        }
        return List.of(certName);
    }
}
