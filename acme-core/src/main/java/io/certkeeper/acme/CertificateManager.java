package io.certkeeper.acme;

import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.renewal.RenewalDecision;
import io.certkeeper.acme.renewal.RenewalPolicy;
import io.certkeeper.acme.renewal.RenewalWindow;
import io.certkeeper.acme.store.CertificateStore;
import io.certkeeper.acme.store.Lineage;
import io.certkeeper.acme.store.StoreLock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Makes a set of names valid: issues the certificate if it is absent, renews it if it is due or
 * its names changed, and otherwise does nothing, which protects users from the CA's rate limits.
 *
 * <p>The decision is taken once without the store lock, so that a run with nothing to do writes
 * nothing, and again under the lock, in case another process renewed meanwhile; a lineage that got
 * a new version meanwhile is not renewed again, even when forced.
 *
 * <p>Thread-safe as far as the store is: concurrent calls for the same store serialise on its lock,
 * for the whole order or only for the save ({@link LockScope}).
 * A caller may hold the lock itself around {@link #ensure}, for instance to own a port before
 * ordering; the manager then does not take it again.
 */
public final class CertificateManager {

    private final CertificateStore store;
    private final RenewalPolicy policy;
    private final IssuanceListener listener;
    private final LockScope lockScope;

    /**
     * Creates a manager that holds the store lock for the whole order ({@link LockScope#ORDER}).
     *
     * @param store where lineages live
     * @param policy when a certificate is due
     * @param listener hears when a certificate is saved
     */
    public CertificateManager(CertificateStore store, RenewalPolicy policy, IssuanceListener listener) {
        this(store, policy, listener, LockScope.ORDER);
    }

    /**
     * Creates a manager.
     *
     * @param store where lineages live
     * @param policy when a certificate is due
     * @param listener hears when a certificate is saved
     * @param lockScope how long {@link #ensure} holds the store lock when the caller does not
     */
    public CertificateManager(CertificateStore store, RenewalPolicy policy, IssuanceListener listener, LockScope lockScope) {
        this.store = Objects.requireNonNull(store, "store");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.lockScope = Objects.requireNonNull(lockScope, "lockScope");
    }

    /**
     * Says, without changing anything, whether the request needs a new certificate: one is needed
     * when there is none, when the current one is due or has other names, and when it is only a
     * placeholder ({@link Lineage#placeholder()}).
     *
     * @param request the certificate wanted
     * @return the current lineage, if any, and the decision
     * @throws CertkeeperException if the store cannot be read
     */
    public LineageStatus check(CertificateRequest request) throws CertkeeperException {
        return check(request, Optional.empty());
    }

    /**
     * Says, without changing anything, whether the request needs a new certificate, following the
     * CA's renewal window when there is one.
     *
     * @param request the certificate wanted
     * @param window the CA's suggested renewal window for the current certificate (RFC 9773)
     * @return the current lineage, if any, and the decision
     * @throws CertkeeperException if the store cannot be read
     */
    public LineageStatus check(CertificateRequest request, Optional<RenewalWindow> window) throws CertkeeperException {
        Optional<Lineage> current = store.find(request.name());
        if (current.isEmpty()) {
            return new LineageStatus(Optional.empty(), Optional.empty(), Optional.of("no certificate yet"));
        }
        Lineage lineage = current.get();
        List<String> wanted = request.domains().stream().map(DomainName::value).sorted().toList();
        List<String> have = namesOf(lineage);
        RenewalDecision decision = policy.decide(lineage.leaf(), window);
        if (lineage.placeholder()) {
            return new LineageStatus(current, Optional.of(decision), Optional.of("only a placeholder so far"));
        }
        if (!wanted.equals(have)) {
            return new LineageStatus(current, Optional.of(decision), Optional.of("names changed from " + have + " to " + wanted));
        }
        return new LineageStatus(current, Optional.of(decision),
                decision.due() ? Optional.of("due for renewal: " + decision.reason()) : Optional.empty());
    }

    /** The lineage's DNS names and IP addresses, in the form a request holds them, sorted. */
    private static List<String> namesOf(Lineage lineage) {
        return Stream.concat(lineage.names().stream(),
                lineage.ipAddresses().stream().map(address -> DomainName.of(address).value())).sorted().toList();
    }

    /**
     * Whether another process or thread saved a new version between the check and taking the
     * lock: its certificate is as new as ours would be, even when forced.
     */
    private static boolean renewedMeanwhile(LineageStatus before, LineageStatus now) {
        return before.lineage().isPresent() && now.lineage().isPresent()
                && before.lineage().get().version() != now.lineage().get().version();
    }

    /**
     * Issues or renews if needed.
     *
     * @param request the certificate wanted
     * @param force renew even if the current certificate is not due
     * @param issuer obtains the certificate when one is needed, given the current lineage as found
     *        under the lock (for a renewal); not called otherwise
     * @return what was done
     * @throws CertkeeperException if issuing or saving fails; the current certificate then stays
     */
    public EnsureResult ensure(CertificateRequest request, boolean force, Issuer issuer) throws CertkeeperException {
        return ensure(request, Optional.empty(), force, issuer);
    }

    /**
     * Issues or renews if needed, following the CA's renewal window when there is one.
     *
     * @param request the certificate wanted
     * @param window the CA's suggested renewal window for the current certificate (RFC 9773)
     * @param force renew even if the current certificate is not due
     * @param issuer obtains the certificate when one is needed; not called otherwise
     * @return what was done
     * @throws CertkeeperException if issuing or saving fails; the current certificate then stays
     */
    public EnsureResult ensure(CertificateRequest request, Optional<RenewalWindow> window, boolean force, Issuer issuer)
            throws CertkeeperException {
        Objects.requireNonNull(issuer, "issuer");
        LineageStatus before = check(request, window);
        if (!before.needsCertificate() && !force) {
            return new EnsureResult(EnsureAction.NOT_DUE, before.lineage().orElseThrow(), before);
        }
        if (lockScope == LockScope.SAVE && !store.isLockedByCurrentThread()) {
            IssuedCertificate issued = issuer.issue(request, before.lineage());
            try (StoreLock lock = store.lock()) {
                LineageStatus status = check(request, window);
                if (renewedMeanwhile(before, status)) {
                    return new EnsureResult(EnsureAction.NOT_DUE, status.lineage().orElseThrow(), status);
                }
                return save(request, issued, status);
            }
        }
        try (StoreLock lock = store.isLockedByCurrentThread() ? null : store.lock()) {
            LineageStatus status = check(request, window);
            if (!status.needsCertificate() && !force || renewedMeanwhile(before, status)) {
                return new EnsureResult(EnsureAction.NOT_DUE, status.lineage().orElseThrow(), status);
            }
            return save(request, issuer.issue(request, status.lineage()), status);
        }
    }

    private EnsureResult save(CertificateRequest request, IssuedCertificate issued, LineageStatus status)
            throws CertkeeperException {
        Lineage saved = store.save(request.name(), issued.keyPair().getPrivate(), issued.chain());
        listener.onSaved(saved);
        boolean renewed = status.lineage().filter(lineage -> !lineage.placeholder()).isPresent();
        return new EnsureResult(renewed ? EnsureAction.RENEWED : EnsureAction.ISSUED, saved, status);
    }
}
