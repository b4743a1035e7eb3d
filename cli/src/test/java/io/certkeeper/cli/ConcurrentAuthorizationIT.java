package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.CertificateIssuer;
import io.certkeeper.acme.CertificateRequest;
import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.IssuedCertificate;
import io.certkeeper.acme.account.AccountOptions;
import io.certkeeper.acme.account.AccountService;
import io.certkeeper.acme.challenge.ChallengeStore;
import io.certkeeper.acme.challenge.Http01Token;
import io.certkeeper.acme.challenge.InMemoryChallengeStore;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.testing.FreePorts;
import io.certkeeper.acme.testing.Pebble;
import io.certkeeper.acme.testing.RequiresPebble;
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
 * An order's authorizations are worked on together: every token is published before the first
 * is withdrawn, and each is withdrawn once.
 */
@RequiresPebble
class ConcurrentAuthorizationIT {

    @TempDir
    Path dir;

    @Test
    void presentsEveryTokenBeforeCleaningAnyUp() throws Exception {
        InMemoryChallengeStore served = new InMemoryChallengeStore();
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        // A store of its own that publishes to the responder and records the order of calls.
        ChallengeStore recording = new ChallengeStore() {
            @Override
            public void present(Http01Token token) {
                calls.add("present " + token.domain());
                served.present(token);
            }

            @Override
            public void cleanUp(Http01Token token) {
                calls.add("cleanUp " + token.domain());
                served.cleanUp(token);
            }
        };
        List<DomainName> names = IntStream.rangeClosed(1, 8).mapToObj(i -> DomainName.of("n" + i + ".together.test")).toList();

        try (Pebble pebble = Pebble.builder().httpPort(FreePorts.tcp()).start();
                ChallengeServer responder = ChallengeServer.builder(served).address("127.0.0.1").port(pebble.httpPort()).start()) {
            CertificateIssuer issuer = CertificateIssuer.builder(
                            CertificateAuthority.of(pebble.directoryUrl().toString()).withCaBundle(pebble.caBundle()))
                    .accounts(new AccountService(dir.resolve("accounts")))
                    .accountOptions(new AccountOptions(Optional.empty(), true))
                    .challenges(recording)
                    .build();

            IssuedCertificate issued = issuer.issue(CertificateRequest.forDomains(names, KeySpec.EC_P256), Optional.empty());

            assertThat(issued.chain()).hasSizeGreaterThan(1);
        }
        int presented = (int) calls.stream().filter(call -> call.startsWith("present")).count();
        assertThat(calls.subList(0, presented)).allMatch(call -> call.startsWith("present"));
        assertThat(calls.subList(presented, calls.size())).allMatch(call -> call.startsWith("cleanUp"))
                .hasSize(presented);
        assertThat(served.size()).isZero();
        assertThat(presented).as("a new account on a new CA has no earlier validation to reuse").isEqualTo(names.size());
    }
}
