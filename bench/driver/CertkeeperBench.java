import io.certkeeper.acme.AcmeSessions;
import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.CertificateIssuer;
import io.certkeeper.acme.CertificateManager;
import io.certkeeper.acme.CertificateRequest;
import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.EnsureAction;
import io.certkeeper.acme.IssuanceListener;
import io.certkeeper.acme.account.AccountOptions;
import io.certkeeper.acme.account.AccountService;
import io.certkeeper.acme.challenge.Http01Token;
import io.certkeeper.acme.challenge.InMemoryChallengeStore;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.renewal.RenewalPolicy;
import io.certkeeper.acme.store.CertificateStore;
import io.certkeeper.server.ChallengeServer;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;

/**
 * The benchmark's in-process driver, compiled by {@code bench/run} against the built jars.
 *
 * <ul>
 *   <li>{@code serve --port P --host H --token T}: certkeeper's {@link ChallengeServer} on
 *       127.0.0.1:P with one token present for host H, until standard input closes (for wrk).
 *   <li>{@code issue --directory URL --ca-bundle FILE --port P --work DIR --warmup W --sequential S
 *       --total N --threads T}: issues certificates in this one process, through the library as
 *       the README shows it, and prints one JSON object with the timings:
 *       <ol>
 *         <li>S certificates one after another, each timed, alternating three clients so that
 *             machine noise hits them alike: certkeeper's {@code CertificateManager.ensure} (issue
 *             and save, what a user gets), certkeeper's {@code CertificateIssuer.issue} alone (no
 *             files), and the floor: a minimal acme4j client that polls every 5 ms and stores
 *             nothing. Each client first issues W untimed certificates (account lookup or
 *             registration, JIT warm-up).
 *         <li>N certificates concurrently on T threads, each thread with its own issuer and its
 *             own store (its account registered and one certificate issued before the clock
 *             starts); reports certificates per second. Then N more through the same issuers
 *             alone, without the store.
 *         <li>The same N certificates with the floor client on T threads, for what Pebble and
 *             the machine allow concurrently.
 *       </ol>
 * </ul>
 *
 * Every wait is bounded; any failure ends the process with a non-zero status.
 */
public final class CertkeeperBench {

    private static final String EMAIL = "bench@example.test";
    private static final long FLOOR_POLL_MILLIS = 5;
    private static final long FLOOR_TIMEOUT_MILLIS = 60_000;
    private static final long CONCURRENT_TIMEOUT_SECONDS = 600;

    private CertkeeperBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: CertkeeperBench serve|issue --option value …");
        }
        Map<String, String> options = options(args);
        switch (args[0]) {
            case "serve" -> serve(options);
            case "issue" -> issue(options);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void serve(Map<String, String> options) throws Exception {
        InMemoryChallengeStore challenges = new InMemoryChallengeStore();
        String token = options.get("token");
        challenges.present(new Http01Token(DomainName.of(options.get("host")), token, token + ".benchThumbprint"));
        try (ChallengeServer server = ChallengeServer.builder(challenges).address("127.0.0.1")
                .port(Integer.parseInt(options.get("port"))).start()) {
            System.out.println("ready " + server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until bench/run closes our standard input
            }
        }
    }

    private static void issue(Map<String, String> options) throws Exception {
        CertificateAuthority ca = CertificateAuthority.of(options.get("directory"))
                .withCaBundle(Path.of(options.get("ca-bundle")));
        Path work = Path.of(options.get("work"));
        int warmup = Integer.parseInt(options.get("warmup"));
        int sequential = Integer.parseInt(options.get("sequential"));
        int total = Integer.parseInt(options.get("total"));
        int threads = Integer.parseInt(options.get("threads"));

        InMemoryChallengeStore challenges = new InMemoryChallengeStore();
        try (ChallengeServer responder = ChallengeServer.builder(challenges).address("127.0.0.1")
                .port(Integer.parseInt(options.get("port"))).start()) {
            // 1. One at a time, warm.
            Client ensure = new Client(ca, challenges, work.resolve("sequential-ensure"));
            Client issueOnly = new Client(ca, challenges, work.resolve("sequential-issue"));
            Floor floor = new Floor(ca, challenges);
            for (int i = 0; i < warmup; i++) {
                ensure.ensure("warm-ensure-" + i + ".bench.test");
                issueOnly.issueOnly("warm-issue-" + i + ".bench.test");
                floor.issue("warm-floor-" + i + ".bench.test");
            }
            List<Double> ensureMillis = new ArrayList<>();
            List<Double> issueMillis = new ArrayList<>();
            List<Double> floorMillis = new ArrayList<>();
            for (int i = 0; i < sequential; i++) {
                int n = i;
                ensureMillis.add(timed(() -> ensure.ensure("seq-ensure-" + n + ".bench.test")));
                issueMillis.add(timed(() -> issueOnly.issueOnly("seq-issue-" + n + ".bench.test")));
                floorMillis.add(timed(() -> floor.issue("seq-floor-" + n + ".bench.test")));
            }

            // 2. Many, concurrently: one issuer and one store per thread.
            List<Client> clients = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                clients.add(new Client(ca, challenges, work.resolve("concurrent-" + t)));
            }
            runOnThreads(clients, (client, t) -> client.ensure("warm-many-" + t + ".bench.test"));
            ConcurrentLinkedQueue<Double> perCert = new ConcurrentLinkedQueue<>();
            double seconds = concurrently(clients, total, perCert, (client, n) -> client.ensure("many-" + n + ".bench.test"));
            ConcurrentLinkedQueue<Double> issuePerCert = new ConcurrentLinkedQueue<>();
            double issueSeconds = concurrently(clients, total, issuePerCert,
                    (client, n) -> client.issueOnly("many-issue-" + n + ".bench.test"));

            // 3. The floor client the same way, for what Pebble and this machine allow concurrently.
            List<Floor> floors = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                floors.add(new Floor(ca, challenges));
            }
            runOnThreads(floors, (f, t) -> f.issue("warm-floor-many-" + t + ".bench.test"));
            ConcurrentLinkedQueue<Double> floorPerCert = new ConcurrentLinkedQueue<>();
            double floorSeconds = concurrently(floors, total, floorPerCert, (f, n) -> f.issue("floor-many-" + n + ".bench.test"));

            System.out.println("{"
                    + "\"sequential_ensure_ms\": " + json(ensureMillis) + ", "
                    + "\"sequential_issue_only_ms\": " + json(issueMillis) + ", "
                    + "\"floor_ms\": " + json(floorMillis) + ", "
                    + "\"concurrent_total\": " + total + ", "
                    + "\"concurrent_threads\": " + threads + ", "
                    + "\"concurrent_seconds\": " + String.format(Locale.ROOT, "%.3f", seconds) + ", "
                    + "\"concurrent_per_cert_ms\": " + json(new ArrayList<>(perCert)) + ", "
                    + "\"issue_concurrent_seconds\": " + String.format(Locale.ROOT, "%.3f", issueSeconds) + ", "
                    + "\"issue_concurrent_per_cert_ms\": " + json(new ArrayList<>(issuePerCert)) + ", "
                    + "\"floor_concurrent_seconds\": " + String.format(Locale.ROOT, "%.3f", floorSeconds) + ", "
                    + "\"floor_concurrent_per_cert_ms\": " + json(new ArrayList<>(floorPerCert))
                    + "}");
        }
    }

    /** certkeeper used as the README's library section shows: a manager, a store, an issuer. */
    private static final class Client {
        private final CertificateStore store;
        private final CertificateManager manager;
        private final CertificateIssuer issuer;

        Client(CertificateAuthority ca, InMemoryChallengeStore challenges, Path directory) {
            this.store = new CertificateStore(directory);
            this.manager = new CertificateManager(store, new RenewalPolicy(Clock.systemUTC()), IssuanceListener.NONE);
            this.issuer = CertificateIssuer.builder(ca)
                    .accounts(new AccountService(store.directory().resolve("accounts")))
                    .accountOptions(new AccountOptions(Optional.of(EMAIL), true))
                    .challenges(challenges)
                    .build();
        }

        void ensure(String name) throws Exception {
            EnsureAction action = manager.ensure(request(name), false, issuer).action();
            if (action != EnsureAction.ISSUED) {
                throw new IllegalStateException(name + ": expected a new certificate, got " + action);
            }
        }

        void issueOnly(String name) throws Exception {
            if (issuer.issue(request(name), Optional.empty()).chain().isEmpty()) {
                throw new IllegalStateException(name + ": empty chain");
            }
        }

        private static CertificateRequest request(String name) {
            return CertificateRequest.forDomains(List.of(DomainName.of(name)), KeySpec.EC_P256);
        }
    }

    /**
     * The floor: the least a client must do with Pebble for one certificate, polling every 5 ms
     * and storing nothing. It shares the session set-up (and the responder) with certkeeper.
     */
    private static final class Floor {
        private final InMemoryChallengeStore challenges;
        private final Login login;

        Floor(CertificateAuthority ca, InMemoryChallengeStore challenges) throws Exception {
            this.challenges = challenges;
            Session session = AcmeSessions.open(ca);
            this.login = new AccountBuilder().useKeyPair(KeySpec.EC_P256.generate()).agreeToTermsOfService()
                    .addEmail(EMAIL).createLogin(session);
        }

        void issue(String name) throws Exception {
            long deadline = System.currentTimeMillis() + FLOOR_TIMEOUT_MILLIS;
            Order order = login.newOrder().domains(name).create();
            List<Http01Token> presented = new ArrayList<>();
            List<Authorization> pending = new ArrayList<>();
            try {
                List<Http01Challenge> toTrigger = new ArrayList<>();
                for (Authorization authorization : order.getAuthorizations()) {
                    if (authorization.getStatus() == Status.VALID) {
                        continue;
                    }
                    Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
                    Http01Token token = new Http01Token(DomainName.of(authorization.getIdentifier().getDomain()),
                            challenge.getToken(), challenge.getAuthorization());
                    challenges.present(token);
                    presented.add(token);
                    pending.add(authorization);
                    toTrigger.add(challenge);
                }
                for (Http01Challenge challenge : toTrigger) {
                    challenge.trigger();
                }
                for (Authorization authorization : pending) {
                    while (true) {
                        authorization.fetch();
                        Status status = authorization.getStatus();
                        if (status == Status.VALID) {
                            break;
                        }
                        if (status != Status.PENDING && status != Status.PROCESSING) {
                            throw new IllegalStateException(name + ": authorization " + status);
                        }
                        pause(deadline, name);
                    }
                }
            } finally {
                for (Http01Token token : presented) {
                    challenges.cleanUp(token);
                }
            }
            awaitOrder(order, Status.READY, deadline, name);
            KeyPair key = KeySpec.EC_P256.generate();
            order.execute(key);
            awaitOrder(order, Status.VALID, deadline, name);
            order.getCertificate().download();
            if (order.getCertificate().getCertificateChain().isEmpty()) {
                throw new IllegalStateException(name + ": empty chain");
            }
        }

        private static void awaitOrder(Order order, Status wanted, long deadline, String name) throws Exception {
            while (true) {
                order.fetch();
                Status status = order.getStatus();
                if (status == wanted) {
                    return;
                }
                if (status == Status.INVALID) {
                    throw new IllegalStateException(name + ": order invalid: " + order.getError());
                }
                pause(deadline, name);
            }
        }

        private static void pause(long deadline, String name) throws InterruptedException {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(name + ": Pebble did not finish within " + FLOOR_TIMEOUT_MILLIS + " ms");
            }
            Thread.sleep(FLOOR_POLL_MILLIS);
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    @FunctionalInterface
    private interface ThreadWork<C> {
        void run(C client, int index) throws Exception;
    }

    /** Issues {@code total} certificates on one thread per client; returns the seconds taken. */
    private static <C> double concurrently(List<C> clients, int total, ConcurrentLinkedQueue<Double> perCert,
            ThreadWork<C> issue) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        runOnThreads(clients, (client, t) -> {
            for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                int n = i;
                perCert.add(timed(() -> issue.run(client, n)));
            }
        });
        return (System.nanoTime() - start) / 1e9;
    }

    private static double timed(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static <C> void runOnThreads(List<C> clients, ThreadWork<C> work) throws Exception {
        CountDownLatch done = new CountDownLatch(clients.size());
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients.size(); t++) {
            int index = t;
            Thread thread = new Thread(() -> {
                try {
                    work.run(clients.get(index), index);
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    done.countDown();
                }
            }, "bench-" + t);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        if (!done.await(CONCURRENT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("concurrent issuance did not finish within " + CONCURRENT_TIMEOUT_SECONDS + " s");
        }
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException(failures.size() + " thread(s) failed");
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static String json(List<Double> values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", values.get(i)));
        }
        return out.append(']').toString();
    }
}
