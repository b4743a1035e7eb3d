package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.CertificateIssuer;
import io.certkeeper.acme.CertificateRequest;
import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.IssuanceListener;
import io.certkeeper.acme.IssuedCertificate;
import io.certkeeper.acme.account.AccountOptions;
import io.certkeeper.acme.account.AccountService;
import io.certkeeper.acme.challenge.ChallengeStore;
import io.certkeeper.acme.challenge.Http01Token;
import io.certkeeper.acme.challenge.InMemoryChallengeStore;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.error.CaUnreachableException;
import io.certkeeper.acme.error.ChallengeFailedException;
import io.certkeeper.acme.testing.FreePorts;
import io.certkeeper.acme.testing.Pebble;
import io.certkeeper.acme.testing.RequiresPebble;
import io.certkeeper.cli.ProbingAcmeProvider.Kind;
import io.certkeeper.cli.ProbingAcmeProvider.Probe;
import io.certkeeper.server.ChallengeServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The requests for an order's different names are sent at the same time, and a name that fails
 * still leaves every presented token cleaned up and is named in the error. A probe in acme4j's
 * connection (see {@link ProbingAcmeProvider}) sees the requests to Pebble's authorizations and
 * challenges, and holds the first of each kind until a second is in flight.
 */
@RequiresPebble
class AuthorizationLanesIT {

    private static final List<DomainName> NAMES = IntStream.rangeClosed(1, 8)
            .mapToObj(i -> DomainName.of("n" + i + ".lanes.test")).toList();

    @TempDir
    Path dir;

    private final InMemoryChallengeStore served = new InMemoryChallengeStore();
    private final List<Http01Token> presented = Collections.synchronizedList(new ArrayList<>());
    private final List<Http01Token> cleanedUp = Collections.synchronizedList(new ArrayList<>());
    private final List<DomainName> validated = Collections.synchronizedList(new ArrayList<>());

    @Test
    void requestsForDifferentNamesAreInFlightTogether() throws Exception {
        try (Pebble pebble = Pebble.builder().httpPort(FreePorts.tcp()).start();
                ChallengeServer responder = responder(pebble);
                Probe probe = ProbingAcmeProvider.watch(pebble)) {

            IssuedCertificate issued = issuer(pebble, recording(Optional.empty()))
                    .issue(CertificateRequest.forDomains(NAMES, KeySpec.EC_P256), Optional.empty());

            assertThat(issued.chain()).hasSizeGreaterThan(1);
            assertThat(probe.mostInFlight(Kind.AUTHORIZATION)).as("authorization requests in flight at once")
                    .isGreaterThanOrEqualTo(2);
            assertThat(probe.mostInFlight(Kind.CHALLENGE)).as("challenge requests in flight at once")
                    .isGreaterThanOrEqualTo(2);
        }
        assertThat(presented).as("a new account on a new CA has no earlier validation to reuse").hasSize(NAMES.size());
        assertThat(cleanedUp).containsExactlyInAnyOrderElementsOf(presented);
        assertThat(served.size()).isZero();
    }

    @Test
    void aNameTheCaCannotValidateIsReportedOnceTheOthersAreValidAndEveryTokenIsCleanedUp() throws Exception {
        DomainName unserved = NAMES.get(4);
        try (Pebble pebble = Pebble.builder().httpPort(FreePorts.tcp()).start();
                ChallengeServer responder = responder(pebble);
                Probe probe = ProbingAcmeProvider.watch(pebble)) {
            CertificateIssuer issuer = issuer(pebble, recording(Optional.of(unserved)));

            ChallengeFailedException e = catchThrowableOfType(ChallengeFailedException.class,
                    () -> issuer.issue(CertificateRequest.forDomains(NAMES, KeySpec.EC_P256), Optional.empty()));

            assertThat(e).as("the order fails").isNotNull();
            assertThat(e.failures()).extracting(ChallengeFailedException.Failure::domain).containsExactly(unserved.value());
            assertThat(e.getMessage()).contains(unserved.value());
            assertThat(validated).as("every other name is seen through").containsExactlyInAnyOrderElementsOf(
                    NAMES.stream().filter(name -> !name.equals(unserved)).toList());
        }
        assertThat(presented).hasSize(NAMES.size());
        assertThat(cleanedUp).containsExactlyInAnyOrderElementsOf(presented);
        assertThat(served.size()).isZero();
    }

    @Test
    void aRequestThatFailsForOneNameStopsTheOrderNamesItAndEveryTokenIsCleanedUp() throws Exception {
        try (Pebble pebble = Pebble.builder().httpPort(FreePorts.tcp()).start();
                ChallengeServer responder = responder(pebble);
                Probe probe = ProbingAcmeProvider.watch(pebble)) {
            probe.failNextChallenge();
            CertificateIssuer issuer = issuer(pebble, recording(Optional.empty()));

            CaUnreachableException e = catchThrowableOfType(CaUnreachableException.class,
                    () -> issuer.issue(CertificateRequest.forDomains(NAMES, KeySpec.EC_P256), Optional.empty()));

            assertThat(e).as("the order fails").isNotNull();
            assertThat(e.getMessage()).containsPattern("triggering the challenge for n\\d\\.lanes\\.test: "
                    + "IOException: connection reset \\(by the test's probe\\)");
        }
        assertThat(presented).hasSize(NAMES.size());
        assertThat(cleanedUp).containsExactlyInAnyOrderElementsOf(presented);
        assertThat(served.size()).isZero();
    }

    private ChallengeServer responder(Pebble pebble) throws Exception {
        return ChallengeServer.builder(served).address("127.0.0.1").port(pebble.httpPort()).start();
    }

    private CertificateIssuer issuer(Pebble pebble, ChallengeStore challenges) {
        return CertificateIssuer.builder(CertificateAuthority.of(ProbingAcmeProvider.directory(pebble))
                        .withCaBundle(pebble.caBundle()))
                .accounts(new AccountService(dir.resolve("accounts")))
                .accountOptions(new AccountOptions(Optional.empty(), true))
                .challenges(challenges)
                .listener(new IssuanceListener() {
                    @Override
                    public void onAuthorizationValid(DomainName domain, boolean reused) {
                        validated.add(domain);
                    }
                })
                .build();
    }

    /** Publishes tokens to the responder, except those of one name if asked, and records every call. */
    private ChallengeStore recording(Optional<DomainName> unserved) {
        return new ChallengeStore() {
            @Override
            public void present(Http01Token token) {
                presented.add(token);
                if (unserved.filter(token.domain()::equals).isEmpty()) {
                    served.present(token);
                }
            }

            @Override
            public void cleanUp(Http01Token token) {
                cleanedUp.add(token);
                served.cleanUp(token);
            }
        };
    }
}
