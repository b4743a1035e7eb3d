package io.certkeeper.acme;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.renewal.RenewalDecision;
import io.certkeeper.acme.renewal.RenewalPolicy;
import io.certkeeper.acme.store.CertificateStore;
import io.certkeeper.acme.store.Lineage;
import io.certkeeper.acme.testing.TestPki;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CertificateManager} on a store whose lineage is a placeholder: the placeholder counts as no
 * certificate. The issuer here signs with a test CA instead of ordering from one; ordering is
 * the subject of the Pebble tests.
 */
class CertificateManagerPlaceholderTest {

    private static final TestPki PKI = new TestPki("Manager Test Root");
    private static final CertificateRequest REQUEST =
            CertificateRequest.forDomains(List.of(DomainName.of("a.example.test")), KeySpec.EC_P256);

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private final List<Optional<Lineage>> issuedFor = new ArrayList<>();
    private CertificateStore store;
    private CertificateManager manager;

    @BeforeEach
    void placeholder() throws Exception {
        store = new CertificateStore(dir);
        manager = new CertificateManager(store, new RenewalPolicy(clock), IssuanceListener.NONE);
        store.savePlaceholder(REQUEST, Duration.ofDays(7), clock).orElseThrow();
    }

    private IssuedCertificate issue(CertificateRequest request, Optional<Lineage> current) {
        issuedFor.add(current);
        KeyPair key = request.keySpec().generate();
        Instant now = clock.instant();
        return new IssuedCertificate(key, List.of(PKI.issue(key, now.minusSeconds(60), now.plus(Duration.ofDays(90)),
                request.domains().get(0).value()), PKI.caCertificate()));
    }

    @Test
    void aPlaceholderNeedsACertificate() throws Exception {
        LineageStatus status = manager.check(REQUEST);

        assertThat(status.needsCertificate()).isTrue();
        assertThat(status.why()).contains("only a placeholder so far");
        assertThat(status.lineage()).hasValueSatisfying(lineage -> assertThat(lineage.placeholder()).isTrue());
        assertThat(status.decision()).hasValueSatisfying(d -> assertThat(d.basis()).isEqualTo(RenewalDecision.Basis.PLACEHOLDER));
    }

    @Test
    void ensureReplacesThePlaceholderAsAFirstIssuanceAndThenRestsUntilDue() throws Exception {
        EnsureResult first = manager.ensure(REQUEST, false, this::issue);
        EnsureResult second = manager.ensure(REQUEST, false, this::issue);

        assertThat(first.action()).isEqualTo(EnsureAction.ISSUED);
        assertThat(first.lineage().version()).isEqualTo(2);
        assertThat(first.lineage().placeholder()).isFalse();
        assertThat(store.find(REQUEST.name()).orElseThrow().placeholder()).isFalse();
        assertThat(second.action()).isEqualTo(EnsureAction.NOT_DUE);
        assertThat(issuedFor).singleElement()
                .satisfies(current -> assertThat(current).hasValueSatisfying(l -> assertThat(l.placeholder()).isTrue()));
    }
}
