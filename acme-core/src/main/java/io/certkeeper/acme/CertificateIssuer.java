package io.certkeeper.acme;

import io.certkeeper.acme.account.AccountOptions;
import io.certkeeper.acme.account.AccountService;
import io.certkeeper.acme.challenge.ChallengeStore;
import io.certkeeper.acme.error.AcmeCall;
import io.certkeeper.acme.error.AcmeErrors;
import io.certkeeper.acme.error.CaProblem;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.error.OrderFailedException;
import io.certkeeper.acme.store.Lineage;
import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Metadata;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.OrderBuilder;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.util.CSRBuilder;

/**
 * Runs one ACME order from start to certificate (RFC 8555 §7.4): new order, HTTP-01 for every
 * pending authorization, finalize with a CSR for a new key (or the current one, if the request asks
 * to reuse it), download the chain (or the alternate chain with the preferred issuer).
 *
 * <p>DNS names are ordered as {@code dns} identifiers, IP addresses as {@code ip} identifiers
 * (RFC 8738). A profile (draft-aaron-acme-profiles) is checked against the CA's directory before
 * anything is sent; a renewal names the certificate it replaces when the CA offers ARI
 * (RFC 9773 §5). {@link OrderOptions} takes those decisions.
 *
 * <p>All tokens of an order are presented first, then all challenges are triggered, and the order
 * is polled until it is ready; the requests for different names are sent at the same time, on up
 * to 8 sessions of the account (see {@code AuthorizationPhase}), so an order for many names takes
 * about as long as an order for one. Every presented token is cleaned up, whatever happens.
 *
 * <p>The account is looked up, or registered, on the first order. This class and its
 * {@code AuthorizationPhase} are the only ones that touch acme4j's order and challenge types.
 * Thread-safe: orders through one issuer run one at a time; use several issuers to run orders
 * concurrently.
 */
public final class CertificateIssuer implements Issuer {

    private final CertificateAuthority ca;
    private final Session session;
    private final AccountService accounts;
    private final AccountOptions accountOptions;
    private final ChallengeStore challenges;
    private final Polling polling;
    private final IssuanceListener listener;
    private final AuthorizationPhase authorizations;
    /** The issuer's login and those on sibling sessions, for {@link Lanes}. */
    private final List<Login> lanes = new ArrayList<>();
    private Login login;

    private CertificateIssuer(Builder builder) {
        this.ca = builder.ca;
        this.session = builder.clients.open(builder.ca);
        this.accounts = Objects.requireNonNull(builder.accounts, "accounts");
        this.accountOptions = builder.accountOptions;
        this.challenges = Objects.requireNonNull(builder.challenges, "challenges");
        this.polling = builder.polling;
        this.listener = builder.listener;
        this.authorizations = new AuthorizationPhase(challenges, polling, listener);
    }

    /**
     * Starts building an issuer for a CA.
     *
     * @param ca the CA to order from
     * @return a builder
     */
    public static Builder builder(CertificateAuthority ca) {
        return new Builder(ca);
    }

    /**
     * Fetches the CA's directory, to find out before anything is written that the CA can be
     * reached and answers like an ACME server.
     *
     * @throws CertkeeperException if it cannot be reached
     */
    public void checkReachable() throws CertkeeperException {
        AcmeSessions.checkReachable(session);
    }

    /**
     * Checks, from the CA's directory and before anything is written, that the CA offers what the
     * request asks for: the profile, if it names one. {@link #issue} checks it too, before it
     * registers an account; call this first to refuse the request before taking the store lock.
     *
     * @param request the request
     * @throws IllegalArgumentException if the CA does not list the request's profile; the message
     *         lists the profiles it does offer
     * @throws CertkeeperException if the directory cannot be fetched
     */
    public synchronized void checkOffered(CertificateRequest request) throws CertkeeperException {
        Objects.requireNonNull(request, "request");
        Metadata metadata = call(session::getMetadata, "reading the CA's directory");
        OrderOptions.checkProfile(metadata, request.profile());
    }

    @Override
    public synchronized IssuedCertificate issue(CertificateRequest request, Optional<Lineage> current)
            throws CertkeeperException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(current, "current");
        // Before the account is registered: a refused profile leaves nothing behind.
        checkOffered(request);
        if (login == null) {
            login = accounts.login(ca, session, accountOptions, listener);
        }
        Deadline deadline = Deadline.start(polling);
        challenges.prepare(new TreeSet<>(request.domains()));
        Order order = newOrder(request, current);
        authorizations.run(order, logins(Math.max(1, Math.min(order.getAuthorizations().size(), Lanes.MAX))), deadline);
        KeyPair key = OrderOptions.keyFor(request, current, listener);
        listener.onFinalizing();
        byte[] csr = csr(request, key);
        call(() -> {
            order.execute(csr);
            return null;
        }, "finalizing the order");
        awaitOrder(order, Status.VALID, deadline, "issue the certificate");
        Certificate certificate = order.getCertificate();
        call(() -> {
            certificate.download();
            return null;
        }, "downloading the certificate");
        List<X509Certificate> chain = request.preferredChain().isPresent()
                ? preferredChain(certificate, request.preferredChain().get())
                : certificate.getCertificateChain();
        return new IssuedCertificate(key, chain);
    }

    /** Creates the order for the request's names, with its profile and, for ARI, the certificate it replaces. */
    private Order newOrder(CertificateRequest request, Optional<Lineage> current) throws CertkeeperException {
        OrderBuilder builder = login.newOrder()
                .identifiers(request.domains().stream().map(CertificateIssuer::identifier).toList());
        request.profile().ifPresent(builder::profile);
        boolean renewalInfo = call(() -> session.resourceUrlOptional(Resource.RENEWAL_INFO).isPresent(),
                "reading the CA's directory");
        OrderOptions.replaces(renewalInfo, current).ifPresent(builder::replaces);
        return call(builder::create, "creating the order for " + request.domains());
    }

    /**
     * The CSR with the names in the request's order, so that the first is the certificate's subject
     * as the user asked (RFC 8555 §7.4 lets the CA list the order's identifiers in any order, and
     * Pebble, for one, shuffles them).
     */
    private static byte[] csr(CertificateRequest request, KeyPair key) throws CertkeeperException {
        CSRBuilder csr = new CSRBuilder();
        request.domains().forEach(name -> csr.addIdentifier(identifier(name)));
        try {
            csr.sign(key);
            return csr.getEncoded();
        } catch (IOException e) {
            throw new CertkeeperException("Cannot sign the certificate request with the " + request.keySpec().describe()
                    + " key: " + e.getMessage(), e);
        }
    }

    /** The identifier of a name: {@code ip} (RFC 8738 §3) for an address, {@code dns} otherwise. */
    private static Identifier identifier(DomainName name) {
        return new Identifier(name.isIpAddress() ? Identifier.TYPE_IP : Identifier.TYPE_DNS, name.value());
    }

    /**
     * The chain whose top issuer has the preferred common name, looking at the alternates (RFC 8555
     * §7.4.2) only when the default chain does not match; the default chain if none does.
     */
    private List<X509Certificate> preferredChain(Certificate certificate, String issuerCommonName)
            throws CertkeeperException {
        List<List<X509Certificate>> chains = new ArrayList<>();
        chains.add(certificate.getCertificateChain());
        if (OrderOptions.preferredChain(chains, issuerCommonName).isEmpty()) {
            for (Certificate alternate : call(certificate::getAlternateCertificates, "reading the alternate chains")) {
                call(() -> {
                    alternate.download();
                    return null;
                }, "downloading an alternate chain");
                chains.add(alternate.getCertificateChain());
            }
        }
        return OrderOptions.preferredChain(chains, issuerCommonName).orElseGet(() -> {
            Set<String> offered = new TreeSet<>();
            chains.forEach(chain -> OrderOptions.topIssuer(chain).ifPresent(offered::add));
            listener.onNote("No chain the CA offers ends at an issuer named '" + issuerCommonName + "' (it offers "
                    + String.join(", ", offered) + "); keeping the default chain");
            return chains.get(0);
        });
    }

    private void awaitOrder(Order order, Status wanted, Deadline deadline, String goal) throws CertkeeperException {
        Duration delay = null;
        while (true) {
            Optional<Instant> retryAfter = call(order::fetch, "polling the order");
            Status status = order.getStatus();
            if (status == wanted) {
                return;
            }
            if (status == Status.INVALID) {
                CaProblem problem = order.getError().map(AcmeErrors::toProblem).orElse(null);
                throw new OrderFailedException("The CA marked the order invalid"
                        + (problem == null ? "" : ": " + problem), problem);
            }
            delay = polling.next(delay);
            deadline.sleep(polling.honour(delay, retryAfter), goal);
        }
    }

    /**
     * Logins to the account for an order's lanes: the issuer's own first, then logins on
     * {@linkplain AcmeSessions#sibling sibling sessions}, opened on the first order that needs them
     * and kept for the next.
     */
    private List<Login> logins(int count) {
        while (lanes.size() < count) {
            lanes.add(lanes.isEmpty() ? login
                    : AcmeSessions.sibling(session).login(login.getAccountLocation(), login.getKeyPair()));
        }
        return List.copyOf(lanes.subList(0, count));
    }

    private static <T> T call(AcmeCall<T> call, String action) throws CertkeeperException {
        return AcmeErrors.call(action, call);
    }

    /** Configures a {@link CertificateIssuer}. Not thread-safe. */
    public static final class Builder {
        private final CertificateAuthority ca;
        private AccountService accounts;
        private AccountOptions accountOptions = new AccountOptions(Optional.empty(), false);
        private ChallengeStore challenges;
        private Polling polling = Polling.defaults(java.time.Clock.systemUTC());
        private IssuanceListener listener = IssuanceListener.NONE;
        private AcmeClients clients = new AcmeClients();

        private Builder(CertificateAuthority ca) {
            this.ca = Objects.requireNonNull(ca, "ca");
        }

        /**
         * Where the account is kept (required).
         *
         * @param accounts the account service
         * @return this builder
         */
        public Builder accounts(AccountService accounts) {
            this.accounts = Objects.requireNonNull(accounts, "accounts");
            return this;
        }

        /**
         * Contact and terms-of-service agreement for registering a new account (default: none,
         * not agreed, so registration with a CA that has terms fails).
         *
         * @param options the options
         * @return this builder
         */
        public Builder accountOptions(AccountOptions options) {
            this.accountOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Where HTTP-01 tokens are published (required).
         *
         * @param challenges the challenge store
         * @return this builder
         */
        public Builder challenges(ChallengeStore challenges) {
            this.challenges = Objects.requireNonNull(challenges, "challenges");
            return this;
        }

        /**
         * How to wait for the CA (default: {@link Polling#defaults} on the system clock).
         *
         * @param polling the polling settings
         * @return this builder
         */
        public Builder polling(Polling polling) {
            this.polling = Objects.requireNonNull(polling, "polling");
            return this;
        }

        /**
         * The connections to share with the other work of the run, such as
         * {@link RenewalInfoService} (default: the issuer's own).
         *
         * @param clients the run's connections to its CAs
         * @return this builder
         */
        public Builder clients(AcmeClients clients) {
            this.clients = Objects.requireNonNull(clients, "clients");
            return this;
        }

        /**
         * Who hears progress (default: nobody).
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(IssuanceListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds the issuer. No network traffic happens yet.
         *
         * @return the issuer
         * @throws IllegalArgumentException if the CA bundle cannot be read
         * @throws NullPointerException if accounts or challenges were not set
         */
        public CertificateIssuer build() {
            return new CertificateIssuer(this);
        }
    }
}
