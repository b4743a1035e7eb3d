package io.certkeeper.acme;

import io.certkeeper.acme.account.AccountService;
import io.certkeeper.acme.error.AcmeErrors;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.renewal.RenewalWindow;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the renewal window a CA suggests for a certificate, through ACME Renewal Information
 * (RFC 9773), when the CA's directory offers {@code renewalInfo}.
 *
 * <p>A window is fetched again only once the previous response's Retry-After has passed
 * (RFC 9773 §4.3); without one, after {@link #DEFAULT_RECHECK}, and never later than
 * {@link #MAX_RECHECK}, so that a CA's changed mind (a mass revocation) is noticed within a day.
 * A failed fetch is not an error: the RFC asks the client to decide by itself then, which the
 * lifetime rule of {@link io.certkeeper.acme.renewal.RenewalPolicy} does.
 *
 * <p>Thread-safe.
 */
public final class RenewalInfoService {

    /** How long a window is used before asking again when the CA gave no Retry-After. */
    public static final Duration DEFAULT_RECHECK = Duration.ofHours(6);
    /** The longest a window is used before asking again, whatever the Retry-After. */
    public static final Duration MAX_RECHECK = Duration.ofDays(1);

    private static final Logger LOG = LoggerFactory.getLogger(RenewalInfoService.class);

    private final AccountService accounts;
    private final AcmeClients clients;
    private final Clock clock;

    /**
     * Creates the service, with connections of its own.
     *
     * @param accounts where the account is kept: acme4j binds renewal information to a login,
     *        although fetching it is an unauthenticated GET
     * @param clock the clock
     */
    public RenewalInfoService(AccountService accounts, Clock clock) {
        this(accounts, new AcmeClients(), clock);
    }

    /**
     * Creates the service.
     *
     * @param accounts where the account is kept: acme4j binds renewal information to a login,
     *        although fetching it is an unauthenticated GET
     * @param clients the run's connections to its CAs, shared with its orders
     * @param clock the clock
     */
    public RenewalInfoService(AccountService accounts, AcmeClients clients, Clock clock) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The CA's current window for a certificate: the cached one while it is fresh, else fetched.
     *
     * @param ca the CA that issued the certificate
     * @param certificate the certificate
     * @param cached the window fetched earlier, if any
     * @return the window, or empty if the CA offers none, no account is stored to bind it to, or
     *         it could not be fetched
     */
    public Optional<RenewalWindow> window(CertificateAuthority ca, X509Certificate certificate, Optional<RenewalWindow> cached) {
        Instant now = clock.instant();
        if (cached.isPresent() && !cached.get().stale(now)) {
            return cached;
        }
        try {
            Session session = clients.open(ca);
            if (AcmeErrors.call("reading the CA's directory", () -> session.resourceUrlOptional(Resource.RENEWAL_INFO)).isEmpty()) {
                return Optional.empty();
            }
            Optional<Login> login = accounts.storedLogin(ca, session);
            if (login.isEmpty()) {
                return Optional.empty();
            }
            RenewalInfo info = AcmeErrors.call("binding the renewal information", () -> login.get().bindRenewalInfo(certificate));
            Optional<Instant> retryAfter = AcmeErrors.call("fetching the renewal information", info::fetch);
            Instant fetched = clock.instant();
            Instant next = retryAfter.orElse(fetched.plus(DEFAULT_RECHECK));
            Instant latest = fetched.plus(MAX_RECHECK);
            return Optional.of(new RenewalWindow(info.getSuggestedWindowStart(), info.getSuggestedWindowEnd(),
                    info.getExplanation(), fetched, next.isAfter(latest) ? latest : next));
        } catch (CertkeeperException | RuntimeException e) {
            LOG.warn("Could not fetch the CA's renewal window ({}); deciding from the certificate's lifetime", e.getMessage());
            return cached;
        }
    }
}
