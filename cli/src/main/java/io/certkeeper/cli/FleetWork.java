package io.certkeeper.cli;

import io.certkeeper.acme.EnsureAction;
import io.certkeeper.acme.EnsureResult;
import io.certkeeper.acme.account.AccountOptions;
import io.certkeeper.acme.error.AccountActionRequiredException;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.error.HookFailedException;
import io.certkeeper.acme.hook.HookRunner;
import io.certkeeper.acme.renewal.LineageOrigin;
import io.certkeeper.acme.renewal.RenewalDecision;
import io.certkeeper.acme.renewal.RenewalSettings;
import io.certkeeper.acme.store.Lineage;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What {@code certkeeper run} does for one lineage when its time comes: check it, order a
 * certificate if it is missing or due, then run its deploy hook, signal the server to reload, and
 * tell the discovery source. Logs one line per event; never throws, so that one lineage's failure
 * only schedules its own retry.
 *
 * <p>Thread-safe: lineages are worked on concurrently, each by one thread at a time.
 */
final class FleetWork {

    /** How long a placeholder is valid: long enough to outlast an outage of the CA. */
    static final Duration PLACEHOLDER_VALIDITY = Duration.ofDays(7);

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final LineageRenewer renewer;
    private final RunLog log;
    private final Clock clock;
    private final List<Consumer<Lineage>> deployListeners = new CopyOnWriteArrayList<>();
    private volatile CertificatesFile file;

    /**
     * Creates the work.
     *
     * @param renewer checks and orders, with the run's shared responder and lock scope
     * @param log the event log
     * @param clock the clock, for a placeholder's validity
     * @param file the certificates file: its account settings and reload signal
     */
    FleetWork(LineageRenewer renewer, RunLog log, Clock clock, CertificatesFile file) {
        this.renewer = renewer;
        this.log = log;
        this.clock = clock;
        this.file = Objects.requireNonNull(file, "file");
    }

    /**
     * Takes the account settings and reload signal of a re-read file.
     *
     * @param reloaded the file
     */
    void configure(CertificatesFile reloaded) {
        this.file = Objects.requireNonNull(reloaded, "reloaded");
    }

    /**
     * Adds a listener told after each lineage that got a new certificate, such as a discovery
     * source that signals containers.
     *
     * @param listener the listener; it must not throw
     */
    void onDeployed(Consumer<Lineage> listener) {
        deployListeners.add(listener);
    }

    /**
     * Writes a placeholder if the certificate asks for one and has no lineage yet.
     *
     * @param certificate the certificate
     */
    void placeholder(FleetCertificate certificate) {
        if (!certificate.placeholder()) {
            return;
        }
        try {
            Optional<Lineage> written = renewer.store().savePlaceholder(certificate.settings().request(), PLACEHOLDER_VALIDITY, clock);
            if (written.isPresent()) {
                if (renewer.settingsStore().find(certificate.name()).isEmpty()) {
                    renewer.settingsStore().save(certificate.settings()); // so that certificates says how it is obtained
                }
                log.event(certificate.name(), "self-signed placeholder written to " + written.get().liveDirectory()
                        + "; it is replaced by the first certificate");
            }
        } catch (CertkeeperException e) {
            log.event(certificate.name(), "could not write a placeholder: " + ErrorHandler.oneLine(e));
        }
    }

    /**
     * Why a certificate that a discovery source asks for may not act on its lineage: the lineage
     * exists and was made by someone else (certonly, the certificates file, or a certkeeper that
     * did not record who made it), and a source may change only what it made. The certificates
     * file and certonly are the operator's own, and may take any lineage.
     *
     * @param certificate the certificate asked for
     * @return the reason, one clause naming the lineage and how to hand it over; empty if it may act
     * @throws CertkeeperException if the lineage or its settings cannot be read
     */
    Optional<String> refusal(FleetCertificate certificate) throws CertkeeperException {
        Optional<LineageOrigin> asking = certificate.settings().origin();
        if (asking.isEmpty() || !asking.get().isDiscovery()) {
            return Optional.empty();
        }
        String name = certificate.name();
        String handOver = "; to hand it over, delete it first (certkeeper delete --cert-name " + name + ")";
        Optional<RenewalSettings> stored = renewer.settingsStore().find(name);
        if (stored.isPresent()) {
            Optional<LineageOrigin> made = stored.get().origin();
            if (made.equals(asking)) {
                return Optional.empty();
            }
            if (made.isPresent()) {
                return Optional.of("certificate " + name + " was made by " + made.get().describe() + ", not by "
                        + asking.get().describe() + ", which may change only the certificates it made" + handOver);
            }
            return Optional.of("certificate " + name + " was made before certkeeper recorded who made each certificate, "
                    + "so " + asking.get().describe() + " may not change it" + handOver + ", or list it in "
                    + file.file() + " to keep renewing it");
        }
        if (renewer.store().find(name).isPresent()) {
            return Optional.of("certificate " + name + " has files under live/ but no certkeeper settings, so "
                    + asking.get().describe() + " may not change it" + handOver);
        }
        return Optional.empty();
    }

    /**
     * Checks the lineage and orders a certificate if needed.
     *
     * @param certificate the certificate
     * @return whether it succeeded, and when the certificate in place (the new one, after an
     *         order) becomes due
     */
    Outcome run(FleetCertificate certificate) {
        String name = certificate.name();
        CertificatesFile current = file;
        try {
            Optional<String> refused = refusal(certificate);
            if (refused.isPresent()) {
                // made by someone else since the set was applied: left as it is
                log.event(name, "not renewed for " + certificate.origin() + ": " + refused.get());
                return new Outcome(Optional.of(new IllegalStateException(refused.get())), Optional.empty());
            }
            RenewalSettings settings = certificate.settings();
            Optional<RenewalSettings> stored = renewer.settingsStore().find(name);
            if (stored.isPresent()) {
                settings = settings.withRenewalInfo(stored.get().renewalInfo());
            }
            LineageRenewer.Checked checked = renewer.check(settings);
            Optional<RenewalDecision> decision = checked.status().decision();
            if (!checked.status().needsCertificate()) {
                if (stored.isEmpty()) {
                    renewer.settingsStore().save(checked.settings()); // so that certificates and renew know it
                }
                log.event(name, "not due (" + decision.map(d -> d.reason() + "; due " + DATE.format(d.renewAt())).orElse("") + ")");
                return new Outcome(Optional.empty(), decision.map(RenewalDecision::renewAt));
            }
            log.event(name, checked.status().why().orElse("due") + "; ordering from " + current.ca());
            EnsureResult result = renewer.obtain(checked, false, false, new AccountOptions(current.email(), current.agreeTos()))
                    .orElseThrow();
            Lineage lineage = result.lineage();
            if (result.action() == EnsureAction.NOT_DUE) {
                log.event(name, "not due (another run renewed it meanwhile, version " + lineage.version() + ")");
                return afterSave(name, checked.settings());
            }
            log.event(name, (result.action() == EnsureAction.ISSUED ? "issued" : "renewed") + ", version " + lineage.version()
                    + ", expires " + DATE.format(lineage.notAfter()));
            deployed(certificate, lineage, current);
            return afterSave(name, checked.settings());
        } catch (AccountActionRequiredException e) {
            log.event(name, "failed: " + ErrorHandler.oneLine(e) + (current.agreeTos() ? ""
                    : "; to register an account, set agree_tos: true in " + current.file()));
            return new Outcome(Optional.of(e), Optional.empty());
        } catch (CertkeeperException | RuntimeException e) {
            log.event(name, (Thread.currentThread().isInterrupted() ? "abandoned, certkeeper is stopping: " : "failed: ")
                    + ErrorHandler.oneLine(e));
            return new Outcome(Optional.of(e), Optional.empty());
        }
    }

    /**
     * The outcome once a new certificate is in place, saved by this run or another: when it
     * becomes due, from the CA's window for it (fetched now, since the old certificate's says
     * nothing about it) or its own lifetime. A certificate that is due the moment it is saved (the
     * host's clock far off, a CA's window already open) counts as a failure, so that the backoff
     * spaces the next orders instead of ordering again and again at once.
     */
    private Outcome afterSave(String name, RenewalSettings settings) throws CertkeeperException {
        RenewalSettings saved = renewer.settingsStore().find(name).orElse(settings);
        LineageRenewer.Checked now = renewer.check(saved.withRenewalInfo(Optional.empty()));
        Optional<RenewalDecision> decision = now.status().decision();
        if (now.status().needsCertificate()) {
            String problem = "the certificate just saved needs replacing already (" + now.status().why().orElse("due")
                    + "); is this host's clock right?";
            log.event(name, "failed: " + problem);
            return new Outcome(Optional.of(new CertkeeperException(problem)), Optional.empty());
        }
        return new Outcome(Optional.empty(), decision.map(RenewalDecision::renewAt));
    }

    private void deployed(FleetCertificate certificate, Lineage lineage, CertificatesFile current) {
        String name = certificate.name();
        try {
            new RunHooks(new HookRunner()).deployed(certificate.settings().hooks(), lineage, certificate.settings().request());
        } catch (HookFailedException e) {
            log.event(name, "deploy hook failed (the certificate is saved): " + ErrorHandler.oneLine(e));
        }
        if (current.reload().isPresent()) {
            ReloadSignal reload = current.reload().get();
            try {
                long pid = reload.send();
                log.event(name, "sent SIG" + reload.signal() + " to PID " + pid + " from " + reload.pidfile());
            } catch (IOException e) {
                log.event(name, "could not signal the server to reload: " + ErrorHandler.oneLine(e));
            }
        }
        deployListeners.forEach(listener -> listener.accept(lineage));
    }

    /**
     * A time for a log line: the date, and how far ahead.
     *
     * @param now the time now
     * @param when the time meant
     * @return such as {@code in 10 min (2026-11-28 20:10 UTC)}
     */
    static String when(Instant now, Instant when) {
        Duration ahead = Duration.between(now, when);
        String in = ahead.toMinutes() < 1 ? ahead.toSeconds() + " s" : ahead.toHours() < 2 ? ahead.toMinutes() + " min"
                : ahead.toHours() + " h";
        return "in " + in + " (" + DATE.format(when) + ")";
    }

    /**
     * How a lineage's work ended.
     *
     * @param failure the error, if it failed
     * @param renewAt when the certificate in place becomes due, if known
     */
    record Outcome(Optional<Throwable> failure, Optional<Instant> renewAt) {
    }
}
