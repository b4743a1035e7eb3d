package io.certkeeper.cli;

import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.CertificateRequest;
import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.EnsureAction;
import io.certkeeper.acme.EnsureResult;
import io.certkeeper.acme.LineageStatus;
import io.certkeeper.acme.account.AccountOptions;
import io.certkeeper.acme.account.ExternalAccountBinding;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.renewal.ChallengeMethod;
import io.certkeeper.acme.renewal.LineageHooks;
import io.certkeeper.acme.renewal.LineageOrigin;
import io.certkeeper.acme.renewal.RenewalSettings;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.error.HookFailedException;
import io.certkeeper.acme.hook.HookCommand;
import io.certkeeper.acme.hook.HookRunner;
import io.certkeeper.acme.store.Lineage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code certkeeper certonly}: obtains or renews one certificate and saves it in the
 * certbot-compatible layout, answering HTTP-01 with the built-in responder, through a webroot, or
 * with the user's hooks.
 */
@Command(name = "certonly",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Obtain a certificate for one or more names, or renew it when it is due.",
            "A certificate that exists and is not yet due is kept as it is."})
public final class CertonlyCommand implements Callable<Integer> {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final CliEnvironment environment;
    private final List<String> domains = new ArrayList<>();
    private final Map<String, Path> webrootOfDomain = new LinkedHashMap<>();
    private final List<Path> webrootPaths = new ArrayList<>();

    @Spec
    private CommandSpec spec;

    @Mixin
    private CaOptions caOptions;

    @Mixin
    private StoreOptions storeOptions;

    @Mixin
    private HookOptions hookOptions;

    @Mixin
    private EabOptions eabOptions;

    @Option(names = "--cert-name", order = 2, paramLabel = "NAME", description = "Name of the certificate's directory under live/ (default: the first domain).")
    private String certName;

    @Option(names = "--standalone", order = 3, description = "Answer the challenge with the built-in HTTP server (needs the HTTP port, 80 by default).")
    private boolean standalone;

    @Option(names = "--webroot", order = 6, description = "Answer the challenge by writing files under the web server's root (see -w).")
    private boolean webroot;

    @Option(names = "--http-01-address", order = 4, paramLabel = "ADDRESS", description = "Address the built-in server listens on (default: all, IPv4 and IPv6).")
    private String http01Address;

    @Option(names = "--http-01-port", order = 5, paramLabel = "PORT", defaultValue = "80", description = "Port the built-in server listens on (default: ${DEFAULT-VALUE}).")
    private int http01Port;

    @Option(names = "--manual", order = 8, description = "Answer the challenge with your own programs (see --manual-auth-hook), as certbot's manual mode.")
    private boolean manual;

    @Option(names = "--manual-auth-hook", order = 9, paramLabel = "CMD",
            description = "Command that publishes each token; gets certbot's CERTBOT_DOMAIN, CERTBOT_VALIDATION, CERTBOT_TOKEN, ….")
    private String manualAuthHook;

    @Option(names = "--manual-cleanup-hook", order = 10, paramLabel = "CMD",
            description = "Command that removes each token afterwards; also gets CERTBOT_AUTH_OUTPUT.")
    private String manualCleanupHook;

    @Option(names = {"-m", "--email"}, order = 11, paramLabel = "EMAIL", description = "Contact address for a new account.")
    private String email;

    @Option(names = "--agree-tos", order = 12, description = "Agree to the CA's terms of service when registering an account.")
    private boolean agreeTos;

    @Option(names = "--key-type", order = 13, paramLabel = "TYPE", defaultValue = "ecdsa", description = "ecdsa (default) or rsa.")
    private String keyType;

    @Option(names = "--elliptic-curve", order = 14, paramLabel = "CURVE", defaultValue = "secp256r1", description = "secp256r1 (default) or secp384r1.")
    private String ellipticCurve;

    @Option(names = "--rsa-key-size", order = 15, paramLabel = "BITS", defaultValue = "2048", description = "2048 (default), 3072 or 4096.")
    private int rsaKeySize;

    @Option(names = "--force-renewal", order = 16, description = "Renew even if the current certificate is not due.")
    private boolean forceRenewal;

    @Option(names = "--dry-run", order = 17, description = "Order a certificate (from Let's Encrypt's staging CA when the CA is Let's Encrypt) and throw it away; nothing is saved.")
    private boolean dryRun;

    @Option(names = "--keep-versions", order = 18, paramLabel = "N", defaultValue = "10", description = "How many versions archive/NAME/ keeps; older ones are deleted after a renewal (default: ${DEFAULT-VALUE}).")
    private int keepVersions;

    @Option(names = "--profile", order = 20, paramLabel = "NAME", description = "Certificate profile to order, one the CA lists, such as shortlived at Let's Encrypt.")
    private String profile;

    @Option(names = "--preferred-chain", order = 21, paramLabel = "ISSUER", description = "Keep the chain whose top certificate's issuer has this common name, if the CA offers one.")
    private String preferredChain;

    @Option(names = "--reuse-key", order = 22, description = "On renewal, keep the current private key if it is of the requested key type.")
    private boolean reuseKey;


    /**
     * Creates the command.
     *
     * @param environment clock, environment variables, terminal
     */
    public CertonlyCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    /**
     * Adds names, repeatable or comma-separated; each takes the latest {@code -w} before it.
     *
     * @param list one name or a comma-separated list
     */
    @Option(names = {"-d", "--domains", "--domain"}, paramLabel = "NAME[,NAME…]", order = 1,
            description = "Name or IP address to include; repeat or separate with commas. The first is the certificate's subject.")
    void addDomains(String list) {
        for (String domain : list.split(",")) {
            if (domain.isBlank()) {
                continue;
            }
            domains.add(domain.strip());
            if (!webrootPaths.isEmpty()) {
                webrootOfDomain.put(domain.strip(), webrootPaths.get(webrootPaths.size() - 1));
            }
        }
    }

    /**
     * Sets the webroot for the names that follow, as certbot's {@code -w} does.
     *
     * @param path the directory the web server serves
     */
    @Option(names = {"-w", "--webroot-path"}, order = 7, paramLabel = "DIR",
            description = "Directory your web server serves for http://NAME/; applies to the -d that follow it.")
    void addWebrootPath(Path path) {
        webrootPaths.add(path);
    }

    @Override
    public Integer call() throws CertkeeperException, IOException {
        CertificateRequest request = request();
        CertificateAuthority ca = caOptions.ca();
        // Validated now, so that a malformed address is refused before anything else happens.
        Optional<String> contact = new AccountOptions(Optional.ofNullable(email), agreeTos).email();
        Optional<ExternalAccountBinding> binding = eabOptions.binding(environment.env());
        ChallengeMethod method = challengeMethod(request);
        if (keepVersions < 1) {
            throw usage("--keep-versions must be at least 1, the version in use");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = storeOptions.directory(environment, err);

        LineageRenewer renewer = new LineageRenewer(environment, dir, err);
        Optional<RenewalSettings> stored = renewer.settingsStore().find(request.name());
        LineageHooks hooks = stored.map(RenewalSettings::hooks).orElse(LineageHooks.NONE).overriddenBy(hookOptions.hooks());
        RenewalSettings settings = new RenewalSettings(request, ca, Optional.empty(), method, hooks,
                keepVersions, stored.flatMap(RenewalSettings::renewalInfo), Optional.of(LineageOrigin.CERTONLY));
        LineageRenewer.Checked checked = renewer.check(settings);
        if (!checked.status().needsCertificate() && !forceRenewal && !dryRun) {
            if (stored.isEmpty()) {
                renewer.settingsStore().save(checked.settings()); // so that renew can take it over
            }
            printNotDue(out, checked.status());
            return ExitCode.OK;
        }
        boolean agreed = agreeTos || renewer.accounts().hasAccount(ca) || askAgreement(err, ca);
        RunHooks runHooks = new RunHooks(new HookRunner());
        Optional<EnsureResult> result;
        try {
            runHooks.before(hooks);
            result = renewer.obtain(checked, forceRenewal, dryRun, new AccountOptions(contact, agreed, binding));
            if (result.isEmpty()) {
                out.println("Dry run: a certificate for " + request.domains().stream().map(DomainName::value).toList()
                        + " was issued and thrown away; nothing under live/ or archive/ was changed.");
                if (hookOptions.runDeployHooks()) {
                    runHooks.deployedInPlace(hooks, renewer.store(), request);
                }
            } else if (result.get().action() == EnsureAction.NOT_DUE) {
                printNotDue(out, result.get().before()); // another run renewed it while this one waited for the lock
            } else {
                printSaved(out, result.get().lineage());
                runHooks.deployed(hooks, result.get().lineage(), request);
            }
        } catch (CertkeeperException | RuntimeException e) {
            for (HookFailedException failure : runHooks.after()) {
                err.println("certkeeper: " + ErrorHandler.oneLine(failure));
            }
            throw e;
        }
        out.flush();
        List<HookFailedException> failures = runHooks.after();
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return ExitCode.OK;
    }

    private CertificateRequest request() {
        if (domains.isEmpty()) {
            throw usage("no domain names given; pass at least one with -d NAME");
        }
        List<DomainName> names = new ArrayList<>();
        for (String domain : domains) {
            try {
                names.add(DomainName.of(domain));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        KeySpec keySpec;
        try {
            keySpec = KeySpec.of(keyType, ellipticCurve, rsaKeySize);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        String name = certName != null ? certName : CertificateRequest.defaultName(names.get(0));
        try {
            return new CertificateRequest(name, names, keySpec).withProfile(Optional.ofNullable(profile))
                    .withPreferredChain(Optional.ofNullable(preferredChain)).withReuseKey(reuseKey);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private ChallengeMethod challengeMethod(CertificateRequest request) {
        int modes = (standalone ? 1 : 0) + (webroot ? 1 : 0) + (manual ? 1 : 0);
        if (modes != 1) {
            throw usage(modes > 1 ? "choose one of --standalone, --webroot and --manual, not several"
                    : "choose how to answer the challenge: --standalone (built-in server on port 80), --webroot -w DIR"
                    + " or --manual --manual-auth-hook CMD");
        }
        if (manual || manualAuthHook != null || manualCleanupHook != null) {
            return manualMode();
        }
        if (http01Port < 0 || http01Port > 65535) {
            throw usage("--http-01-port must be between 0 and 65535");
        }
        if (standalone) {
            if (!webrootPaths.isEmpty()) {
                throw usage("-w/--webroot-path goes with --webroot, not --standalone");
            }
            return new ChallengeMethod.Standalone(Optional.ofNullable(http01Address), http01Port);
        }
        if (webrootPaths.isEmpty()) {
            throw usage("--webroot needs the directory your web server serves: -w DIR before the -d it applies to");
        }
        for (Path path : webrootPaths) {
            if (!java.nio.file.Files.isDirectory(path)) {
                throw usage("webroot " + path + (java.nio.file.Files.exists(path) ? " is not a directory" : " does not exist")
                        + "; pass the directory your web server serves for http://NAME/ with -w");
            }
        }
        Map<DomainName, Path> webroots = new LinkedHashMap<>();
        for (DomainName domain : request.domains()) {
            webroots.put(domain, webrootOfDomain.getOrDefault(domainKey(domain), webrootPaths.get(0)).toAbsolutePath());
        }
        return new ChallengeMethod.Webroot(webroots);
    }

    private ChallengeMethod manualMode() {
        if (!manual) {
            throw usage("--manual-auth-hook and --manual-cleanup-hook go with --manual");
        }
        if (!webrootPaths.isEmpty()) {
            throw usage("-w/--webroot-path goes with --webroot, not --manual");
        }
        if (manualAuthHook == null) {
            throw usage("--manual needs --manual-auth-hook CMD, a program that publishes each token;"
                    + " certkeeper does not ask you to place files by hand");
        }
        try {
            HookCommand.of(manualAuthHook);
            Optional.ofNullable(manualCleanupHook).map(HookCommand::of);
            return new ChallengeMethod.Manual(manualAuthHook, Optional.ofNullable(manualCleanupHook));
        } catch (IllegalArgumentException e) {
            throw usage("--manual hooks: " + e.getMessage());
        }
    }

    private String domainKey(DomainName domain) {
        for (String typed : webrootOfDomain.keySet()) {
            if (DomainName.of(typed).equals(domain)) {
                return typed;
            }
        }
        return domain.value();
    }

    private boolean askAgreement(PrintWriter err, CertificateAuthority ca) throws IOException {
        if (storeOptions.nonInteractive() || !environment.terminal()) {
            throw usage("registering an account with " + ca + " requires agreeing to its terms of service; pass --agree-tos");
        }
        if (!Prompt.confirm(environment, err, "Registering an account with " + ca
                + " requires agreeing to its terms of service. Do you agree?")) {
            throw usage("the terms of service were not agreed to; nothing was done");
        }
        return true;
    }

    private void printNotDue(PrintWriter out, LineageStatus status) {
        Lineage lineage = status.lineage().orElseThrow();
        String detail = status.decision().map(d -> d.reason() + "; due " + DATE.format(d.renewAt())).orElse("");
        out.println("Certificate " + lineage.name() + " is not yet due for renewal (" + detail + "); keeping it.");
        out.println("Pass --force-renewal to renew it anyway.");
        printPaths(out, lineage);
    }

    private void printSaved(PrintWriter out, Lineage lineage) {
        List<String> names = new ArrayList<>(lineage.names());
        lineage.ipAddresses().forEach(address -> names.add(DomainName.of(address).value()));
        out.println("Certificate " + lineage.name() + " saved for " + String.join(", ", names) + ".");
        printPaths(out, lineage);
    }

    private void printPaths(PrintWriter out, Lineage lineage) {
        Instant expiry = lineage.notAfter();
        long days = Duration.between(environment.clock().instant(), expiry).toDays();
        out.println("  fullchain: " + lineage.fullchainPath());
        out.println("  privkey:   " + lineage.privkeyPath());
        out.println("  expires:   " + DATE.format(expiry) + " (" + days + " days)");
        out.flush();
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
