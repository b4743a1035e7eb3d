package io.certkeeper.acme.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import io.certkeeper.acme.CertificateRequest;
import io.certkeeper.acme.DomainName;
import io.certkeeper.acme.crypto.KeySpec;
import io.certkeeper.acme.store.CertificateStore;
import io.certkeeper.acme.testing.TestPki;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RenewalPolicyTest {

    private static final TestPki PKI = new TestPki("renewal test root");
    private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");

    @ParameterizedTest(name = "{0}-day certificate renews {1} hours before expiry")
    @CsvSource({
        "90, 720",   // a third of 90 days = 30 days
        "45, 360",   // a third of 45 days = 15 days
        "6, 72",     // short-lived: half of 6 days = 3 days
    })
    void becomesDueAtTheWindowBoundary(int lifetimeDays, int windowHours) {
        Instant notAfter = ISSUED.plus(Duration.ofDays(lifetimeDays));
        X509Certificate certificate = PKI.issue(KeySpec.EC_P256.generate(), ISSUED, notAfter, "a.example.test");
        Instant boundary = notAfter.minus(Duration.ofHours(windowHours));

        RenewalDecision before = policyAt(boundary.minusSeconds(1)).decide(certificate);
        RenewalDecision at = policyAt(boundary).decide(certificate);

        assertThat(before.due()).isFalse();
        assertThat(before.renewAt()).isEqualTo(boundary);
        assertThat(at.due()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"2026-01-02T00:00:00Z, 89 days of 90 days left", "2026-04-02T00:00:00Z, expired 1 days ago"})
    void explainsTheDecision(String now, String reason) {
        X509Certificate certificate = PKI.issue(KeySpec.EC_P256.generate(), ISSUED, ISSUED.plus(Duration.ofDays(90)), "a.example.test");
        RenewalDecision decision = policyAt(Instant.parse(now)).decide(certificate);
        assertThat(decision.reason()).isEqualTo(reason.replace("1 days", "24 hours"));
    }

    @Test
    void aTwoMinuteCertificateIsDueWithHalfItsLifetimeLeftAndSaysSoInSeconds() {
        X509Certificate certificate = PKI.issue(KeySpec.EC_P256.generate(), ISSUED, ISSUED.plusSeconds(120), "a.example.test");

        RenewalDecision decision = policyAt(ISSUED.plusSeconds(30)).decide(certificate);

        assertThat(decision.due()).isFalse();
        assertThat(decision.renewAt()).isEqualTo(ISSUED.plusSeconds(60));
        assertThat(decision.reason()).isEqualTo("90 seconds of 2 minutes left");
        assertThat(policyAt(ISSUED.plusSeconds(60)).decide(certificate).due()).isTrue();
    }

    @Test
    void aPlaceholderIsDueFromTheStartWhateverTheWindow(@TempDir Path dir) throws Exception {
        CertificateRequest request = CertificateRequest.forDomains(List.of(DomainName.of("a.example.test")), KeySpec.EC_P256);
        X509Certificate placeholder = new CertificateStore(dir).savePlaceholder(request, Duration.ofDays(7),
                Clock.fixed(ISSUED, ZoneOffset.UTC)).orElseThrow().leaf();
        RenewalWindow window = new RenewalWindow(ISSUED.plus(Duration.ofDays(60)), ISSUED.plus(Duration.ofDays(61)),
                Optional.empty(), ISSUED, ISSUED.plus(Duration.ofHours(6)));

        for (Optional<RenewalWindow> ari : List.of(Optional.<RenewalWindow>empty(), Optional.of(window))) {
            RenewalDecision decision = policyAt(ISSUED.plusSeconds(1)).decide(placeholder, ari);
            assertThat(decision.due()).isTrue();
            assertThat(decision.renewAt()).isEqualTo(ISSUED.minus(Duration.ofMinutes(1)));
            assertThat(decision.basis()).isEqualTo(RenewalDecision.Basis.PLACEHOLDER);
            assertThat(decision.reason()).isEqualTo("a placeholder, not issued by a CA");
        }
    }

    private static RenewalPolicy policyAt(Instant now) {
        return new RenewalPolicy(Clock.fixed(now, ZoneOffset.UTC));
    }
}
