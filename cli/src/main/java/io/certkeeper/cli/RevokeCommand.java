package io.certkeeper.cli;

import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.CertificateRevoker;
import io.certkeeper.acme.RevocationReason;
import io.certkeeper.acme.account.AccountService;
import io.certkeeper.acme.crypto.Pem;
import io.certkeeper.acme.error.AlreadyRevokedException;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.error.StoreIOException;
import io.certkeeper.acme.error.UntrustedPathException;
import io.certkeeper.acme.renewal.RenewalSettings;
import io.certkeeper.acme.renewal.RenewalSettingsStore;
import io.certkeeper.acme.store.CertificateStore;
import io.certkeeper.acme.store.Lineage;
import io.certkeeper.acme.store.StoreLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code certkeeper revoke}: asks the CA to revoke a certificate, signed with the account that
 * ordered it (RFC 8555 §7.6), after asking. A lineage is revoked at the CA its settings name; a
 * certificate file at the CA the CA options name. A certificate the CA reports revoked already is
 * an error of its own (exit code 1), so that a script notices that nothing happened.
 */
@Command(name = "revoke",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Revoke a certificate at the CA, with the account that ordered it.",
            "Asks first; -n revokes without asking. The files stay unless --delete-after-revoke is given."})
public final class RevokeCommand implements Callable<Integer> {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Mixin
    private CaOptions caOptions;

    @Mixin
    private StoreOptions storeOptions;

    @Option(names = "--cert-name", order = 1, paramLabel = "NAME", description = "The certificate to revoke, by its name under live/.")
    private String certName;

    @Option(names = "--cert-path", order = 2, paramLabel = "FILE",
            description = "The certificate to revoke, as a PEM file (its first certificate); the CA comes from --server.")
    private Path certPath;

    @Option(names = "--reason", order = 3, paramLabel = "REASON", defaultValue = "unspecified",
            description = "unspecified (default), keycompromise, affiliationchanged, superseded or cessationofoperation.")
    private String reason;

    @Option(names = "--delete-after-revoke", order = 4, description = "Delete the certificate's files once it is revoked (with --cert-name).")
    private boolean deleteAfterRevoke;

    /**
     * Creates the command.
     *
     * @param environment the terminal and the rest of the outside world
     */
    public RevokeCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws CertkeeperException, IOException {
        if ((certName == null) == (certPath == null)) {
            throw usage("name the certificate to revoke with either --cert-name NAME or --cert-path FILE");
        }
        if (deleteAfterRevoke && certName == null) {
            throw usage("--delete-after-revoke goes with --cert-name; a file given with --cert-path is left alone");
        }
        RevocationReason why;
        try {
            why = RevocationReason.parse(reason);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = storeOptions.directory(environment, err);
        Target target = certName != null ? lineage(dir) : file();
        X509Certificate certificate = target.certificate();
        String serial = certificate.getSerialNumber().toString(16);
        if (!storeOptions.nonInteractive() && !confirmed(err, target, serial)) {
            out.println("Nothing was revoked.");
            out.flush();
            return ExitCode.OK;
        }
        revoke(dir, target, why, err);
        out.println("Revoked " + target.label() + " (serial " + serial + ") at " + target.ca() + ", reason " + why.label() + ".");
        out.flush();
        if (deleteAfterRevoke) {
            LineageDeleter deleter = new LineageDeleter(dir);
            deleter.report(out, certName, deleter.delete(certName));
        } else if (certName != null) {
            out.println("Its files stay in " + dir.resolve("live").resolve(certName) + " and clients will refuse them: obtain a new"
                    + " certificate with certkeeper renew --cert-name " + certName + " --force-renewal, or remove these with"
                    + " certkeeper delete --cert-name " + certName + ".");
            out.flush();
        }
        return ExitCode.OK;
    }

    private void revoke(Path dir, Target target, RevocationReason why, PrintWriter err) throws CertkeeperException {
        AccountService accounts = new AccountService(dir.resolve("accounts"));
        CertificateRevoker revoker = new CertificateRevoker(accounts, new ProgressPrinter(err));
        // The account service wants the store lock held, in case it registers the account again;
        // without a config directory there is no account, and the revoker says so.
        try (StoreLock lock = Files.isDirectory(dir) ? new CertificateStore(dir).lock() : null) {
            revoker.revoke(target.ca(), target.certificate(), why);
        } catch (AlreadyRevokedException e) {
            String next = certName == null ? "" : "; remove its files with certkeeper delete --cert-name " + certName
                    + ", or obtain a new certificate with certkeeper renew --cert-name " + certName + " --force-renewal";
            throw new AlreadyRevokedException(capitalized(target.label()) + " (serial " + e.serial().toString(16)
                    + ") is already revoked at " + target.ca() + "; nothing was changed" + next, e.serial());
        }
    }

    private Target lineage(Path dir) throws StoreIOException, UntrustedPathException {
        if (!Lineage.isValidName(certName)) {
            throw usage("'" + certName + "' is not a certificate name");
        }
        Lineage lineage = new CertificateStore(dir).find(certName)
                .orElseThrow(() -> usage("no certificate named " + certName + " in " + dir + "; certkeeper certificates lists them"));
        if (lineage.placeholder()) {
            throw usage("certificate " + certName + " is only the self-signed placeholder certkeeper run wrote until the CA"
                    + " issues one; no CA knows it, so there is nothing to revoke (certkeeper delete --cert-name " + certName
                    + " removes it)");
        }
        Optional<RenewalSettings> settings = new RenewalSettingsStore(dir).find(certName);
        CertificateAuthority ca;
        if (settings.isPresent()) {
            if (caOptions.given()) {
                throw usage("certificate " + certName + " was obtained from " + settings.get().ca() + ", where revoke sends the"
                        + " request; --server, --staging and --ca-bundle are for --cert-path");
            }
            ca = caOptions.stored(settings.get().ca(), "certificate " + certName);
        } else {
            ca = caOptions.ca(); // a lineage without settings: the CA options say where it came from
        }
        return new Target("certificate " + certName, lineage.leaf(), ca,
                "certificate " + certName + " for " + String.join(", ", lineage.names()));
    }

    private Target file() {
        List<X509Certificate> certificates;
        try {
            certificates = Pem.readCertificates(certPath);
        } catch (IOException e) {
            throw usage("cannot read --cert-path " + certPath + ": " + StoreIOException.reason(e));
        } catch (IllegalArgumentException e) {
            throw usage("--cert-path " + certPath + " is not a PEM certificate file: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw usage("--cert-path " + certPath + " holds no certificate");
        }
        X509Certificate leaf = certificates.get(0);
        return new Target("the certificate in " + certPath, leaf, caOptions.ca(),
                "the certificate in " + certPath + " for " + leaf.getSubjectX500Principal().getName());
    }

    private boolean confirmed(PrintWriter err, Target target, String serial) throws IOException {
        if (!environment.terminal()) {
            throw usage("revoking a certificate cannot be undone, so revoke asks first; run it in a terminal,"
                    + " or pass -n to revoke without being asked");
        }
        return Prompt.confirm(environment, err, "Revoke " + target.description() + " (serial " + serial + ", expires "
                + DATE.format(target.certificate().getNotAfter().toInstant()) + ") at " + target.ca()
                + "? Clients will refuse it from then on.");
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * The certificate to revoke and where.
     *
     * @param label how messages name it, such as "certificate example.com"
     * @param certificate the leaf certificate
     * @param ca the CA to send the request to
     * @param description the label with the names, for the question
     */
    private record Target(String label, X509Certificate certificate, CertificateAuthority ca, String description) {
    }
}
