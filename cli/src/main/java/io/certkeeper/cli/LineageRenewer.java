package io.certkeeper.cli;

import io.certkeeper.acme.AcmeClients;
import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.CertificateIssuer;
import io.certkeeper.acme.CertificateManager;
import io.certkeeper.acme.CertificateRequest;
import io.certkeeper.acme.EnsureAction;
import io.certkeeper.acme.EnsureResult;
import io.certkeeper.acme.IssuanceListener;
import io.certkeeper.acme.LineageStatus;
import io.certkeeper.acme.LockScope;
import io.certkeeper.acme.Polling;
import io.certkeeper.acme.RenewalInfoService;
import io.certkeeper.acme.account.AccountOptions;
import io.certkeeper.acme.account.AccountService;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.renewal.ChallengeMethod;
import io.certkeeper.acme.renewal.RenewalPolicy;
import io.certkeeper.acme.renewal.RenewalSettings;
import io.certkeeper.acme.renewal.RenewalSettingsStore;
import io.certkeeper.acme.renewal.RenewalWindow;
import io.certkeeper.acme.store.CertificateStore;
import io.certkeeper.acme.store.Lineage;
import io.certkeeper.acme.store.StoreLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Checks and obtains one lineage from its {@link RenewalSettings}: the work {@code certonly} and
 * {@code renew} share, so that a renewal proves the names, picks the CA and account, and keeps
 * versions exactly as the first issuance did.
 */
final class LineageRenewer {

    private final CliEnvironment environment;
    private final Path configDir;
    private final PrintWriter err;
    private final CertificateStore store;
    private final RenewalSettingsStore settingsStore;
    private final AccountService accounts;
    private final AcmeClients clients;
    private final RenewalInfoService renewalInfo;
    private final CertificateManager manager;
    private final IssuanceListener progress;
    private final Function<ChallengeMethod, ChallengeMode> modes;
    private final LockScope lockScope;

    /**
     * Creates the renewer of a one-off command: progress lines on {@code err}, a responder of its
     * own for standalone lineages, and the store lock held for each whole order.
     *
     * @param environment the clock and the rest of the outside world
     * @param configDir the config directory, already checked
     * @param err where progress goes
     */
    LineageRenewer(CliEnvironment environment, Path configDir, PrintWriter err) {
        this(environment, configDir, err, new ProgressPrinter(err), ChallengeMode::of, LockScope.ORDER);
    }

    /**
     * Creates a renewer.
     *
     * @param environment the clock and the rest of the outside world
     * @param configDir the config directory, already checked
     * @param err where a challenge mode says what it set up
     * @param progress hears the steps of each order
     * @param modes how each lineage's challenge method is answered
     * @param lockScope whether the store lock is held for each whole order or only for the save
     */
    LineageRenewer(CliEnvironment environment, Path configDir, PrintWriter err, IssuanceListener progress,
            Function<ChallengeMethod, ChallengeMode> modes, LockScope lockScope) {
        this.environment = environment;
        this.configDir = configDir;
        this.err = err;
        this.store = new CertificateStore(configDir);
        this.settingsStore = new RenewalSettingsStore(configDir);
        this.accounts = new AccountService(configDir.resolve("accounts"));
        this.clients = new AcmeClients();
        this.renewalInfo = new RenewalInfoService(accounts, clients, environment.clock());
        this.progress = progress;
        this.modes = modes;
        this.lockScope = lockScope;
        this.manager = new CertificateManager(store, new RenewalPolicy(environment.clock()), progress, lockScope);
    }

    /** The certificate store of the config directory. */
    CertificateStore store() {
        return store;
    }

    /** The renewal settings of the config directory. */
    RenewalSettingsStore settingsStore() {
        return settingsStore;
    }

    /** The accounts of the config directory. */
    AccountService accounts() {
        return accounts;
    }

    /**
     * Whether a lineage needs a certificate, following the CA's renewal window when it offers one
     * (never asked for a placeholder, which the CA did not issue).
     * A window fetched anew is remembered in the stored settings, so that the CA's Retry-After is
     * honoured by the next run too.
     *
     * @param settings the lineage's settings
     * @return the settings with the current window, and the status
     * @throws CertkeeperException if the store cannot be read or the settings not written
     */
    Checked check(RenewalSettings settings) throws CertkeeperException {
        Optional<Lineage> current = store.find(settings.name());
        // A placeholder's serial means nothing to the CA: no window to ask for, it is due anyway.
        Optional<RenewalWindow> window = current.isEmpty() || current.get().placeholder() ? Optional.empty()
                : renewalInfo.window(settings.ca(), current.get().leaf(), settings.renewalInfo());
        RenewalSettings updated = settings.withRenewalInfo(window);
        if (!window.equals(settings.renewalInfo()) && settingsStore.find(settings.name()).isPresent()) {
            settingsStore.save(updated);
        }
        return new Checked(updated, manager.check(settings.request(), window));
    }

    /**
     * Orders a certificate if needed (or when forced) and saves it, its settings, and prunes old
     * versions; in a dry run, orders it and throws it away.
     *
     * @param checked the lineage's settings, with the current renewal window, and its status when
     *        checked; if another run saves a new version meanwhile, nothing is ordered
     * @param force renew even when not due
     * @param dryRun order from the CA (Let's Encrypt's staging CA instead of Let's Encrypt) but
     *        write nothing under {@code live/}, {@code archive/} or the settings
     * @param accountOptions what a new account is registered with, if one is needed
     * @return what was done; empty for a dry run
     * @throws CertkeeperException if the order or the save fails; the current certificate then stays
     */
    Optional<EnsureResult> obtain(Checked checked, boolean force, boolean dryRun, AccountOptions accountOptions)
            throws CertkeeperException {
        boolean fresh = !Files.isDirectory(configDir);
        try {
            return order(checked, force, dryRun, accountOptions);
        } catch (CertkeeperException | RuntimeException e) {
            removeLockLeftAlone(fresh);
            throw e;
        }
    }

    private Optional<EnsureResult> order(Checked checked, boolean force, boolean dryRun, AccountOptions accountOptions)
            throws CertkeeperException {
        RenewalSettings settings = checked.settings();
        CertificateAuthority ca = dryRun ? dryRunCa(settings.ca()) : settings.ca();
        CertificateRequest request = settings.request();
        // The lock comes first: a second run waits here, then finds the work done, instead of
        // failing to bind the responder's port that the first run holds.
        try (StoreLock lock = dryRun || lockScope == LockScope.SAVE ? null : store.lock();
                ChallengeSetup challenges = modes.apply(settings.challenge()).open(request, err)) {
            challenges.store().prepare(new TreeSet<>(request.domains()));
            CertificateIssuer issuer = CertificateIssuer.builder(ca)
                    .accounts(accounts)
                    .accountOptions(accountOptions)
                    .clients(clients)
                    .challenges(challenges.store())
                    .polling(Polling.defaults(environment.clock()))
                    .listener(progress)
                    .build();
            issuer.checkReachable();
            issuer.checkOffered(request);
            if (dryRun) {
                // No current lineage: a dry run must not spend ARI's one replacement of the certificate.
                issuer.issue(request, Optional.empty());
                return Optional.empty();
            }
            Optional<Lineage> now = store.find(settings.name());
            if (now.isPresent() && checked.status().lineage().map(l -> l.version() != now.get().version()).orElse(false)) {
                // Another run saved a new version while this one waited for the lock.
                return Optional.of(new EnsureResult(EnsureAction.NOT_DUE, now.get(), checked.status()));
            }
            EnsureResult result = manager.ensure(request, settings.renewalInfo(), force, issuer);
            if (result.action() != EnsureAction.NOT_DUE) {
                RenewalSettings saved = settings.withRenewalInfo(Optional.empty());
                Optional<java.net.URL> account = accounts.storedLocation(ca);
                settingsStore.save(account.isPresent() ? saved.withAccount(account.get()) : saved);
                store.prune(settings.name(), settings.keepVersions());
            }
            return Optional.of(result);
        }
    }

    /**
     * After a failed first run, takes away the lock file, and the config directory if this run
     * created it, when nothing else is in it: a failure writes nothing the user has to clean up.
     */
    private void removeLockLeftAlone(boolean createdDirectory) {
        try (Stream<Path> entries = Files.list(configDir)) {
            List<String> names = entries.map(p -> p.getFileName().toString()).toList();
            if (names.equals(List.of(CertificateStore.LOCK_FILE))) {
                Files.delete(configDir.resolve(CertificateStore.LOCK_FILE));
                if (createdDirectory) {
                    Files.delete(configDir);
                }
            }
        } catch (IOException e) {
            // best-effort: an empty lock file harms nothing
        }
    }

    /**
     * The CA a dry run orders from: as certbot does, Let's Encrypt's staging CA stands in for
     * Let's Encrypt, so that tests do not count against the production rate limits.
     */
    private static CertificateAuthority dryRunCa(CertificateAuthority ca) {
        CertificateAuthority production = CertificateAuthority.of("letsencrypt");
        return ca.directory().equals(production.directory()) ? CertificateAuthority.of("letsencrypt-staging") : ca;
    }

    /**
     * A lineage's settings and status after {@link #check}.
     *
     * @param settings the settings, with the current renewal window
     * @param status whether a certificate is needed, and why
     */
    record Checked(RenewalSettings settings, LineageStatus status) {
    }
}
