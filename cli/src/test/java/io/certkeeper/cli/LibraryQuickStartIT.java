package io.certkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.CertificateAuthority;
import io.certkeeper.acme.CertificateIssuer;
import io.certkeeper.acme.CertificateManager;
import io.certkeeper.acme.CertificateRequest;
import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.EnsureAction;
import io.certkeeper.acme.EnsureResult;
import io.certkeeper.acme.IssuanceListener;
import io.certkeeper.acme.account.AccountOptions;
import io.certkeeper.acme.account.AccountService;
import io.certkeeper.acme.challenge.InMemoryChallengeStore;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.renewal.RenewalPolicy;
import io.certkeeper.acme.store.CertificateStore;
import io.certkeeper.acme.testing.FreePorts;
import io.certkeeper.acme.testing.Pebble;
import io.certkeeper.acme.testing.RequiresPebble;
import io.certkeeper.server.ChallengeServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's library quick start, run against Pebble: only the CA, the responder's address and
 * port, and the storage directory differ from the README's text.
 */
@RequiresPebble
class LibraryQuickStartIT {

    @TempDir
    Path dir;

    @Test
    void theReadmeExampleIssuesThenKeepsTheCertificate() throws Exception {
        try (Pebble pebble = Pebble.builder().httpPort(FreePorts.tcp()).start()) {
            // --- as in the README ---
            InMemoryChallengeStore challenges = new InMemoryChallengeStore();
            CertificateStore store = new CertificateStore(dir.resolve("certs"));
            CertificateManager manager = new CertificateManager(store, new RenewalPolicy(Clock.systemUTC()), IssuanceListener.NONE);

            try (ChallengeServer responder = ChallengeServer.builder(challenges).address("127.0.0.1").port(pebble.httpPort()).start()) {
                CertificateIssuer issuer = CertificateIssuer.builder(
                                CertificateAuthority.of(pebble.directoryUrl().toString()).withCaBundle(pebble.caBundle()))
                        .accounts(new AccountService(store.directory().resolve("accounts")))
                        .accountOptions(new AccountOptions(Optional.of("ops@example.com"), true))
                        .challenges(challenges)
                        .build();
                CertificateRequest request = CertificateRequest.forDomains(
                        List.of(DomainName.of("example.com"), DomainName.of("www.example.com")), KeySpec.EC_P256);

                EnsureResult result = manager.ensure(request, false, issuer);
                Path fullchain = result.lineage().fullchainPath();
                // --- end of the README's code ---

                assertThat(result.action()).isEqualTo(EnsureAction.ISSUED);
                assertThat(fullchain).isEqualTo(dir.resolve("certs/live/example.com/fullchain.pem"));
                IssuedFiles.of(dir.resolve("certs"), "example.com").assertComplete(pebble.issuingRoot());
                assertThat(challenges.size()).as("tokens are cleaned up").isZero();

                assertThat(manager.ensure(request, false, issuer).action()).isEqualTo(EnsureAction.NOT_DUE);
            }
        }
    }
}
