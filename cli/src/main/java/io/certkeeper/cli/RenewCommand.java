package io.certkeeper.cli;

import io.certkeeper.acme.EnsureAction;
import io.certkeeper.acme.EnsureResult;
import io.certkeeper.acme.account.AccountOptions;
import io.certkeeper.acme.error.AccountActionRequiredException;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.error.HookFailedException;
import io.certkeeper.acme.error.StoreIOException;
import io.certkeeper.acme.hook.HookRunner;
import io.certkeeper.acme.renewal.RenewalSettings;
import io.certkeeper.acme.store.FileTrust;
import io.certkeeper.acme.store.Lineage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code certkeeper renew}: renews every lineage that is due, each the way it was first obtained,
 * as read from its stored settings, so that a timer needs no flags. A failing lineage does not
 * stop the others; the exit code is that of the worst failure.
 */
@Command(name = "renew",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Renew every certificate that is due, each as it was obtained (see certonly).",
            "Run it from a timer twice a day; a certificate not yet due is left alone."})
public final class RenewCommand implements Callable<Integer> {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOptions storeOptions;

    @Mixin
    private HookOptions hookOptions;

    @Option(names = "--cert-name", order = 1, paramLabel = "NAME", description = "Renew only this certificate; repeatable (default: all).")
    private List<String> certNames = new ArrayList<>();

    @Option(names = "--force-renewal", order = 2, description = "Renew even if a certificate is not due.")
    private boolean forceRenewal;

    @Option(names = "--dry-run", order = 3, description = "Order each certificate (from Let's Encrypt's staging CA when the CA is Let's Encrypt) and throw it away; nothing under live/ or archive/ changes, no deploy hook runs.")
    private boolean dryRun;

    @Option(names = "--insecure", order = 4, description = "Also renew certificates whose CA directory URL is plain http:// to a host that is not loopback and that were obtained without --insecure (which certkeeper remembers): the network could read and change the exchange with the CA.")
    private boolean insecure;

    /**
     * Creates the command.
     *
     * @param environment clock, environment variables, terminal
     */
    public RenewCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws CertkeeperException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = storeOptions.directory(environment, err);
        LineageRenewer renewer = new LineageRenewer(environment, dir, err);
        List<String> names = names(renewer);
        if (names.isEmpty()) {
            out.println("No certificates in " + dir + "; obtain one with certkeeper certonly.");
            out.flush();
            return ExitCode.OK;
        }
        Outcomes outcomes = new Outcomes();
        RunHooks runHooks = new RunHooks(new HookRunner());
        for (String name : names) {
            try {
                renew(renewer, runHooks, name, out, outcomes);
            } catch (CertkeeperException | RuntimeException e) {
                outcomes.failed(name, e, err);
            }
            out.flush();
        }
        for (HookFailedException failure : runHooks.after()) {
            outcomes.failed("post hook", failure, err);
        }
        out.println(outcomes.summary(dryRun));
        out.flush();
        return outcomes.exitCode();
    }

    private void renew(LineageRenewer renewer, RunHooks runHooks, String name, PrintWriter out, Outcomes outcomes)
            throws CertkeeperException {
        RenewalSettings settings = renewer.settingsStore().find(name).orElseThrow(() -> new StoreIOException("Certificate "
                + name + " has no renewal settings in " + renewer.settingsStore().file(name) + ", so certkeeper does not know how to renew it;"
                + " obtain it once with certkeeper certonly --cert-name " + name + " and renew will take it over",
                renewer.settingsStore().file(name), null));
        settings = settings.withHooks(settings.hooks().overriddenBy(hookOptions.hooks()));
        try {
            settings = settings.withCa(PlainHttp.allowedBy(settings.ca(), insecure, "renew --insecure"));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "its CA " + e.getMessage());
        }
        if (settings.ca().caBundle().isPresent()) {
            // The bundle decides whom certkeeper believes to be the CA: only root or the user may change it.
            FileTrust.require(settings.ca().caBundle().get(), "the CA bundle of certificate " + name);
        }
        LineageRenewer.Checked checked = renewer.check(settings);
        if (!checked.status().needsCertificate() && !forceRenewal && !dryRun) {
            String detail = checked.status().decision().map(d -> d.reason() + "; due " + DATE.format(d.renewAt())).orElse("");
            out.println(name + ": not due (" + detail + ")");
            outcomes.notDue++;
            return;
        }
        String why = checked.status().why().orElse(forceRenewal ? "--force-renewal" : "--dry-run");
        runHooks.before(settings.hooks());
        Optional<EnsureResult> result;
        try {
            result = renewer.obtain(checked, forceRenewal, dryRun, new AccountOptions(Optional.empty(), false));
        } catch (AccountActionRequiredException e) {
            // renew never registers on its own: the holder agrees to a CA's terms explicitly.
            throw new AccountActionRequiredException("No usable account with " + settings.ca() + " to renew with ("
                    + ErrorHandler.oneLine(e) + "); register one with: certkeeper account register --server "
                    + settings.ca() + " --agree-tos" + settings.ca().caBundle().map(b -> " --ca-bundle " + b).orElse(""),
                    e.instance().orElse(null));
        }
        if (result.isEmpty()) {
            out.println(name + ": dry run succeeded (" + why + "); nothing was saved");
            outcomes.renewed++;
            if (hookOptions.runDeployHooks()) {
                runHooks.deployedInPlace(settings.hooks(), renewer.store(), settings.request());
            }
            return;
        }
        Lineage lineage = result.get().lineage();
        if (result.get().action() == EnsureAction.NOT_DUE) {
            out.println(name + ": not due (another run renewed it meanwhile, version " + lineage.version() + ")");
            outcomes.notDue++;
            return;
        }
        out.println(name + ": renewed (" + why + "), version " + lineage.version() + ", expires " + DATE.format(lineage.notAfter()));
        out.flush();
        outcomes.renewed++;
        runHooks.deployed(settings.hooks(), lineage, settings.request());
    }

    private List<String> names(LineageRenewer renewer) throws CertkeeperException {
        if (certNames.isEmpty()) {
            return renewer.store().list().stream().map(Lineage::name).toList();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : certNames) {
            if (!Lineage.isValidName(name)) {
                throw new ParameterException(spec.commandLine(), "'" + name + "' is not a certificate name");
            }
            if (renewer.store().find(name).isEmpty()) {
                throw new ParameterException(spec.commandLine(), "no certificate named " + name
                        + "; certkeeper certificates lists them");
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    /** What happened to the lineages of one run. */
    private static final class Outcomes {
        private int renewed;
        private int notDue;
        private int failed;
        private int exitCode = ExitCode.OK;

        void failed(String name, Exception e, PrintWriter err) {
            failed++;
            err.println("certkeeper: " + name + ": " + ErrorHandler.oneLine(e));
            err.flush();
            exitCode = ExitCode.worse(exitCode, ExitCode.of(e));
        }

        String summary(boolean dryRun) {
            return (dryRun ? "Dry run: " : "") + renewed + (dryRun ? " would be renewed, " : " renewed, ") + notDue + " not due, "
                    + failed + " failed.";
        }

        int exitCode() {
            return exitCode;
        }
    }
}
