package io.certkeeper.acme;

import io.certkeeper.acme.challenge.ChallengeStore;
import io.certkeeper.acme.challenge.Http01Token;
import io.certkeeper.acme.error.AcmeCall;
import io.certkeeper.acme.error.AcmeErrors;
import io.certkeeper.acme.error.CaProblem;
import io.certkeeper.acme.error.CertkeeperException;
import io.certkeeper.acme.error.ChallengeFailedException;
import io.certkeeper.acme.error.OrderFailedException;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authorization part of an order (RFC 8555 §7.5): reads the order's authorizations, presents
 * the HTTP-01 token of every pending one, triggers their challenges (§7.5.1), waits until the CA
 * has validated every name and the order is ready, and cleans up every presented token, whatever
 * happens.
 *
 * <p>Reading and triggering take one request per authorization; those requests are sent at the
 * same time on {@link Lanes}. Waiting takes one request a round, to the order, which is ready once
 * every authorization is valid (§7.1.6); only an order that fails makes its authorizations be
 * polled, to say which names failed. So an order for twenty names takes about as long as an order
 * for one. The tokens are presented in one {@link ChallengeStore#presentAll} call on the calling
 * thread, and cleaned up one after another there: a store's hooks need not be safe to run
 * concurrently. Progress is reported, and the waits between polls happen, on the calling thread.
 *
 * <p>A part of {@link CertificateIssuer}, the only class that drives acme4j's orders: every call
 * into acme4j goes through {@link AcmeErrors#call}. Not thread-safe: one order at a time.
 */
final class AuthorizationPhase {

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationPhase.class);

    private final ChallengeStore challenges;
    private final Polling polling;
    private final IssuanceListener listener;

    AuthorizationPhase(ChallengeStore challenges, Polling polling, IssuanceListener listener) {
        this.challenges = challenges;
        this.polling = polling;
        this.listener = listener;
    }

    /**
     * Runs the phase for an order; when it returns, the order is ready to be finalized.
     *
     * @param order the order, as created
     * @param logins logins to the order's account on sessions of their own, one per lane: at
     *        least one, at most {@link Lanes#MAX}, and best no more than the order has authorizations
     * @param deadline when to give up waiting
     * @throws ChallengeFailedException if the CA could not validate one or more names, after every
     *         other name is done
     * @throws OrderFailedException if the CA offers no HTTP-01 challenge for a name, or marks the
     *         order invalid although every name was validated
     * @throws CertkeeperException for any other failure, such as a token that could not be presented
     */
    void run(Order order, List<Login> logins, Deadline deadline) throws CertkeeperException {
        List<URL> locations = order.getAuthorizations().stream().map(Authorization::getLocation).toList();
        List<Http01Token> presented = new ArrayList<>();
        try {
            try (Lanes lanes = new Lanes(logins)) {
                List<Named> named = lanes.map(IntStream.range(0, locations.size()).boxed().toList(),
                        i -> i % lanes.size(), i -> read(lanes, i % lanes.size(), locations.get(i)));
                List<Named> pending = named.stream().filter(n -> n.status() != Status.VALID).toList();
                listener.onOrder(order.getLocation(), pending.size());
                named.stream().filter(n -> n.status() == Status.VALID)
                        .forEach(n -> listener.onAuthorizationValid(n.domain(), true));
                List<Pending> triggered = present(pending, presented);
                lanes.map(triggered, Pending::lane, p -> call(() -> {
                    p.challenge().trigger();
                    return null;
                }, "triggering the challenge for " + p.domain()));
                awaitReady(order, lanes, triggered, deadline);
            }
        } finally {
            cleanUp(presented);
        }
    }

    /** Reads one authorization on a lane, binding it to that lane's login. */
    private Named read(Lanes lanes, int lane, URL location) throws CertkeeperException {
        Authorization authorization = lanes.login(lane).bindAuthorization(location);
        return call(() -> {
            authorization.fetch();
            return new Named(lane, authorization, nameOf(authorization.getIdentifier()), authorization.getStatus());
        }, "reading an authorization");
    }

    /** The name an authorization is for, in the form the request holds it. */
    private static DomainName nameOf(Identifier identifier) {
        DomainName name = DomainName.of(identifier.getValue());
        boolean ip = Identifier.TYPE_IP.equals(identifier.getType());
        if (ip != name.isIpAddress() || !(ip || Identifier.TYPE_DNS.equals(identifier.getType()))) {
            throw new IllegalArgumentException("the CA sent an authorization for the " + identifier.getType()
                    + " identifier " + name + ", which certkeeper did not order");
        }
        return name;
    }

    private List<Pending> present(List<Named> pending, List<Http01Token> presented) throws CertkeeperException {
        List<Pending> withChallenges = new ArrayList<>();
        List<Http01Token> tokens = new ArrayList<>();
        for (Named named : pending) {
            Http01Challenge challenge = named.authorization().findChallenge(Http01Challenge.class).orElseThrow(() ->
                    new OrderFailedException("The CA offers no http-01 challenge for " + named.domain()
                            + "; certkeeper can only validate names over HTTP", null));
            tokens.add(new Http01Token(named.domain(), challenge.getToken(), challenge.getAuthorization()));
            withChallenges.add(new Pending(named.lane(), named.authorization(), named.domain(), challenge));
        }
        // All of them before presenting: a store that fails halfway withdraws what it did publish, and only that.
        presented.addAll(tokens);
        challenges.presentAll(List.copyOf(tokens));
        return withChallenges;
    }

    /**
     * Waits until the order is ready (RFC 8555 §7.1.6: every authorization is valid), polling the
     * order itself: one request a round, whatever the number of names. If the order fails
     * instead, the authorizations say which names failed and why.
     */
    private void awaitReady(Order order, Lanes lanes, List<Pending> triggered, Deadline deadline)
            throws CertkeeperException {
        Duration delay = null;
        while (true) {
            Optional<Instant> retryAfter = call(order::fetch, "polling the order");
            Status status = order.getStatus();
            if (status == Status.READY) {
                triggered.forEach(p -> listener.onAuthorizationValid(p.domain(), false));
                return;
            }
            if (status != Status.PENDING) {
                throw failure(order, status, lanes, triggered, deadline);
            }
            delay = polling.next(delay);
            deadline.sleep(polling.honour(delay, retryAfter),
                    "validate " + triggered.stream().map(Pending::domain).toList());
        }
    }

    /**
     * Why an order is no longer pending but not ready: the names the CA could not validate, once
     * every authorization is settled, or else the order's own problem.
     */
    private CertkeeperException failure(Order order, Status status, Lanes lanes, List<Pending> triggered,
            Deadline deadline) throws CertkeeperException {
        List<ChallengeFailedException.Failure> failures = settle(lanes, triggered, deadline);
        if (!failures.isEmpty()) {
            return new ChallengeFailedException(failures);
        }
        CaProblem problem = order.getError().map(AcmeErrors::toProblem).orElse(null);
        return new OrderFailedException("The CA marked the order " + status.name().toLowerCase()
                + (problem == null ? "" : ": " + problem), problem);
    }

    /**
     * Polls the authorizations, all of them at once, until each is valid or has failed; waits
     * between rounds as {@link Polling} says, or as long as the CA's longest Retry-After.
     *
     * @return the names that failed, with the CA's problems
     */
    private List<ChallengeFailedException.Failure> settle(Lanes lanes, List<Pending> triggered, Deadline deadline)
            throws CertkeeperException {
        List<Pending> waiting = new ArrayList<>(triggered);
        List<ChallengeFailedException.Failure> failures = new ArrayList<>();
        Duration delay = null;
        while (!waiting.isEmpty()) {
            delay = polling.next(delay);
            List<Optional<Instant>> retryAfters = lanes.map(waiting, Pending::lane,
                    p -> call(p.authorization()::fetch, "polling the authorization for " + p.domain()));
            Optional<Instant> retryAfter = Optional.empty();
            List<Pending> still = new ArrayList<>();
            for (int i = 0; i < waiting.size(); i++) {
                Pending p = waiting.get(i);
                Status status = p.authorization().getStatus();
                Optional<Instant> after = retryAfters.get(i);
                if (status == Status.VALID) {
                    listener.onAuthorizationValid(p.domain(), false);
                } else if (status != Status.PENDING && status != Status.PROCESSING) {
                    failures.add(new ChallengeFailedException.Failure(p.domain().value(), problemOf(p, status)));
                } else {
                    still.add(p);
                    if (after.isPresent() && (retryAfter.isEmpty() || after.get().isAfter(retryAfter.get()))) {
                        retryAfter = after;
                    }
                }
            }
            waiting = still;
            if (!waiting.isEmpty()) {
                deadline.sleep(polling.honour(delay, retryAfter),
                        "validate " + waiting.stream().map(Pending::domain).toList());
            }
        }
        return failures;
    }

    private static CaProblem problemOf(Pending pending, Status status) {
        Optional<org.shredzone.acme4j.Problem> problem = pending.authorization().findChallenge(Http01Challenge.class)
                .flatMap(Http01Challenge::getError).or(pending.challenge()::getError);
        return problem.map(AcmeErrors::toProblem).orElseGet(() ->
                new CaProblem("urn:ietf:params:acme:error:unauthorized", "authorization is " + status.name().toLowerCase(),
                        Optional.empty()));
    }

    private void cleanUp(List<Http01Token> presented) {
        for (Http01Token token : presented) {
            try {
                challenges.cleanUp(token);
            } catch (CertkeeperException | RuntimeException e) {
                LOG.warn("could not clean up the challenge for {}: {}", token.domain(), e.getMessage());
            }
        }
    }

    private static <T> T call(AcmeCall<T> call, String action) throws CertkeeperException {
        return AcmeErrors.call(action, call);
    }

    /** An authorization as read, with its name and status, and the lane its requests go through. */
    private record Named(int lane, Authorization authorization, DomainName domain, Status status) {
    }

    /** A pending authorization with the challenge that was presented for it. */
    private record Pending(int lane, Authorization authorization, DomainName domain, Http01Challenge challenge) {
    }
}
